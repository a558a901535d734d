"""The test world's second agreement (the `other_agreement` fixture in tests/conftest.py).

Agreement B, Björkvik's, beside the demo's A: a little of every kind of content an
agreement has, made through the project's own services where they exist, so that a leak
of B into A's pages, lists, exports or emails shows in the tests of A.
"""

import datetime
from types import SimpleNamespace

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from actionplan.models import (
    ActionPlan,
    Activity,
    ActivityArea,
    ActivityUpdate,
    AnnualPlan,
    DevelopmentArea,
)
from agreements.models import Agreement, AgreementRole, Level
from followup.models import (
    AnnualReport,
    Answer,
    Conference,
    FollowUpRound,
    Question,
    QuestionKind,
    Response,
    RevisionProposal,
    SubmittedVersion,
)
from parties.models import Application, ChangeRequest, Membership, RenewalRequest, Withdrawal
from steering.decisions import record_decision
from steering.models import (
    Attendance,
    DecisionKind,
    Meeting,
    Motion,
    MotionAttachment,
    PerCapsulamAnswer,
    PerCapsulamQuestion,
    Seat,
)
from tests.agreement_factory import make_version

SLUG = "bjorkvik-test"
NAME = "Björkviks testöverenskommelse"
# Words that appear only in B's content: a page of A that contains one has leaked.
MARK = "Björkvik"


def _aware(day: datetime.date, hour: int = 18) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


@transaction.atomic  # one transaction also in transactional tests (the services lock rows)
def make_other_agreement(*, make_party, member_account, first: Agreement) -> Agreement:
    """Agreement B with its content; `make_party(name, sector=…, agreement=…)` makes an
    organisation with a membership and `member_account(email)` a steering-group member's
    login. `first` is agreement A: one organisation is party to both."""
    today = timezone.localdate()
    year = today.year
    b = Agreement.objects.create(
        slug=SLUG,
        name=NAME,
        region_name="Björkviks kommun",
        level=Level.MUNICIPAL,
        email_name="Samverkan Björkvik",
        steering_email="styrgruppen@bjorkvik.test",
    )
    version = make_version(
        b,
        1,
        title=NAME,
        vision="Björkviks vision: alla är med.",
        purpose="Björkviks syfte.",
        valid_from=datetime.date(year - 1, 1, 1),
        valid_until=datetime.date(year + 3, 12, 31),
        review_due=datetime.date(year + 3, 6, 30),
        adopted_on=datetime.date(year - 2, 11, 20),
    )
    goal = version.goals.create(title="Björkviks mål: fler mötesplatser")
    principle = version.principles.create(
        slug="bjorkvik-dialog",
        name="Björkviks dialog",
        summary="Björkvik talar med föreningarna.",
        description="Björkviks princip om dialog.",
    )

    # B's parties: two in B only, and one party to both A and B (its name is not B's mark:
    # it rightly shows on A's pages). Another organisation has applied to B.
    municipality = make_party("Björkviks kommun (B)", sector="public", agreement=b)
    association = make_party("Björkviks idrottsförening (B)", agreement=b)
    shared = make_party("Länets gemensamma förening (A och B)", agreement=first)
    shared.membership_in_b = Membership.objects.create(
        organisation=shared,
        agreement=b,
        status=Membership.Status.ACTIVE,
        joined_on=datetime.date(year - 1, 3, 1),
    )
    applicant = make_party("Björkviks nya förening (B)", status="pending", agreement=b)

    # The steering group: a chair and a member with accounts, a deputy without.
    chair_user = member_account("ordforande@bjorkvik.test")
    member_user = member_account("ledamot@bjorkvik.test")
    for user in (chair_user, member_user):
        AgreementRole.objects.create(
            agreement=b, user=user, kind=AgreementRole.Kind.STEERING_MEMBER
        )
    start = datetime.date(year - 1, 1, 1)
    chair = Seat.objects.create(
        agreement=b,
        organisation=association,
        role="chair",
        person_name="Björn Björkviksson",
        email="bjorn@bjorkvik.test",
        user=chair_user,
        mandate_start=start,
        mandate_end=datetime.date(year + 1, 12, 31),
    )
    member = Seat.objects.create(
        agreement=b,
        organisation=municipality,
        role="vice_chair",
        person_name="Birgitta Björkvikskommun",
        user=member_user,
        mandate_start=start,
        mandate_end=datetime.date(year + 1, 12, 31),
    )
    deputy = Seat.objects.create(
        agreement=b,
        organisation=association,
        role="deputy",
        deputy_for=chair,
        person_name="Bo Björkviksersättare",
        mandate_start=start,
    )

    # A held meeting with attendance and a decision; its minutes published.
    held = today - datetime.timedelta(days=30)
    meeting = Meeting.objects.create(
        agreement=b,
        starts_at=_aware(held),
        place="Björkviks kommunhus",
        agenda="Björkviks dagordning",
    )
    Attendance.objects.create(meeting=meeting, seat=chair)
    Attendance.objects.create(meeting=meeting, seat=member)
    decision = record_decision(
        kind=DecisionKind.OTHER,
        text="Björkviks styrgrupp beslutar om mötesplatser.",
        meeting=meeting,
        by=chair_user,
    )
    Meeting.objects.filter(pk=meeting.pk).update(
        minutes="Björkviks protokoll",
        minutes_checked_by="Björn Björkviksson",
        minutes_checked_on=held,
        minutes_published_at=_aware(held + datetime.timedelta(days=7)),
    )
    upcoming = Meeting.objects.create(
        agreement=b,
        starts_at=_aware(today + datetime.timedelta(days=30)),
        place="Björkviks bibliotek",
    )

    # Between meetings: a question of the group's own, put to the members, one answer.
    motion = Motion.objects.create(
        agreement=b,
        title="Björkviks fråga om en dialogdag",
        text="Björkvik ordnar en dialogdag.",
        put_by=chair_user,
    )
    attachment = MotionAttachment(motion=motion, name="bjorkvik.pdf")
    attachment.file.save("bjorkvik.pdf", ContentFile(b"%PDF-1.4 Bjorkvik"), save=True)
    question = PerCapsulamQuestion.objects.create(
        agreement=b,
        title="Björkviks dialogdag",
        proposal="Björkvik ordnar en dialogdag.",
        kind=DecisionKind.OTHER,
        matter=motion,
        deadline=timezone.now() + datetime.timedelta(days=7),
        put_by=chair_user,
    )
    answer = PerCapsulamAnswer.objects.create(
        question=question, seat=chair, answer="yes", answered_by=chair_user
    )

    # The action plan: this year's annual plan, an objective, an activity with progress.
    plan = ActionPlan.objects.create(
        agreement=b,
        title="Björkviks handlingsplan",
        first_year=year - 1,
        last_year=year + 2,
        adopted_by=decision,
    )
    area = DevelopmentArea.objects.create(plan=plan, title="Björkviks dialog")
    objective = area.objectives.create(title="Björkviks mötesplatser")
    annual_plan = AnnualPlan.objects.create(plan=plan, year=year)
    activity = Activity.objects.create(
        annual_plan=annual_plan,
        objective=objective,
        area=ActivityArea.objects.order_by("order").first(),
        title="Björkviks dialogforum",
        status="ongoing",
        progress=40,
        lead_party=association,
    )
    activity.responsible.set([association, municipality])
    update = ActivityUpdate.objects.create(
        activity=activity,
        text="Björkviks första forum hölls.",
        status="ongoing",
        progress=40,
        by_party=association,
    )

    # Follow-up: last year's round with a question and a submitted response.
    round = FollowUpRound.objects.create(
        agreement=b,
        year=year - 1,
        opens=datetime.date(year, 1, 15),
        closes=datetime.date(year, 2, 28),
        introduction="Björkviks uppföljning",
    )
    followup_question = Question.objects.create(
        round=round,
        theme="Björkviks tema",
        kind=QuestionKind.SCALE,
        text="Hur fungerar Björkviks dialog?",
        principle=principle,
    )
    response = Response.objects.create(
        round=round,
        organisation=association,
        status=Response.Status.SUBMITTED,
        submitted_at=_aware(datetime.date(year, 2, 1)),
        submitted_by=association.contacts.first().user,
    )
    followup_answer = Answer.objects.create(
        response=response, question=followup_question, scale=4, comment="Björkviks svar"
    )
    submitted = SubmittedVersion.objects.create(
        response=response,
        number=1,
        submitted_at=response.submitted_at,
        answers=[{"question": followup_question.pk, "value": 4}],
    )

    # The conference, a proposal to revise the text, and a report being generated.
    conference = Conference.objects.create(
        agreement=b,
        year=year,
        title="Björkviks samverkanskonferens",
        starts_at=_aware(datetime.date(year, 11, 1), 9),
        place="Björkviks folkets hus",
    )
    proposal = RevisionProposal.objects.create(
        agreement=b,
        part="principle",
        principle=principle,
        proposed_wording="Björkviks nya lydelse",
        rationale="Björkviks skäl",
        organisation=association,
        proposed_by=chair_user,
        conference=conference,
        checked_at=timezone.now(),
    )
    report = AnnualReport.objects.create(
        agreement=b, year=year - 1, version=1, foreword="Björkviks förord"
    )

    # The parties' business with B: an application, a notice of withdrawal, a renewal
    # request and a change of name, each B's.
    application = Application.objects.create(
        membership=applicant.membership,
        contact=applicant.contacts.first(),
        submitted_data={"name": applicant.name, "org_number": applicant.org_number},
        signatory_name="Björkviks firmatecknare",
        signatory_role="Ordförande",
        supports_democratic_values=True,
        endorses_agreement=True,
        decided_by_own_statutes=True,
        consents_to_processing=True,
    )
    notice_giver = association.contacts.first()
    withdrawal = Withdrawal.objects.create(
        membership=association.membership,
        notice_date=today,
        reason="Björkviks skäl att gå ur",
        given_by=notice_giver.user,
        given_by_name=notice_giver.name,
    )
    renewal = RenewalRequest.objects.create(
        membership=shared.membership_in_b,
        version=version,
        deadline=today + datetime.timedelta(days=30),
    )
    change = ChangeRequest.objects.create(
        organisation=municipality,
        agreement=b,
        current_name=municipality.name,
        current_org_number=municipality.org_number,
        new_name="Björkviks nya kommunnamn (B)",
        new_org_number=municipality.org_number,
        requested_by=municipality.contacts.first().user,
    )

    b.content = SimpleNamespace(
        version=version,
        goal=goal,
        principle=principle,
        parties=[municipality, association],
        shared=shared,
        applicant=applicant,
        application=application,
        withdrawal=withdrawal,
        renewal=renewal,
        change=change,
        members=[chair_user, member_user],
        seats=[chair, member, deputy],
        meeting=meeting,
        upcoming=upcoming,
        decision=decision,
        motion=motion,
        attachment=attachment,
        question=question,
        answer=answer,
        plan=plan,
        area=area,
        objective=objective,
        annual_plan=annual_plan,
        activity=activity,
        update=update,
        round=round,
        followup_question=followup_question,
        response=response,
        followup_answer=followup_answer,
        submitted=submitted,
        conference=conference,
        proposal=proposal,
        report=report,
    )
    return b
