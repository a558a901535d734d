"""Every URL pattern of the project × every persona, with the answer each one gets.

The patterns come from the URL resolver, so a new URL without a line in the table below
fails `test_it_has_an_expectation_for_every_url_pattern`. The admin's patterns follow one
rule (outsiders are sent to the admin's login; staff get what their permissions allow).
"""

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

PERSONAS = (
    "public",
    "applicant",
    "contact_a",
    "contact_b",
    "steering_member",
    "process_leader",
    "admin",
)
OUTSIDERS = ("public", "applicant", "contact_a", "contact_b")
STAFF = ("steering_member", "process_leader", "admin")
SIGNED_IN = PERSONAS[1:]

# ---- outcomes ------------------------------------------------------------------------------

OK = "200"
LOGIN = "302 to sign in"
ADMIN_LOGIN = "302 to the admin's sign-in"
REDIRECT = "302 elsewhere"
FORBIDDEN = "403"
NOT_FOUND = "404"
NOT_ALLOWED = "405"


def outcome(response) -> str:
    if response.status_code in (301, 302):
        target = response["Location"]
        if target.startswith("/admin/login/"):
            return ADMIN_LOGIN
        if target.startswith(reverse("account_login")):
            return LOGIN
        return REDIRECT
    return str(response.status_code)


# ---- every pattern of the project ----------------------------------------------------------


@dataclass(frozen=True)
class Pattern:
    key: str  # the URL's name, or its route when it has none
    route: str
    pattern: URLPattern


def walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = namespace
            if entry.namespace:
                inner = f"{namespace}:{entry.namespace}" if namespace else entry.namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        else:
            route = prefix + str(entry.pattern)
            name = entry.name and (f"{namespace}:{entry.name}" if namespace else entry.name)
            yield Pattern(key=name or route, route=route, pattern=entry)


def all_patterns() -> list[Pattern]:
    return list(walk(get_resolver().url_patterns))


def is_admin(pattern: Pattern) -> bool:
    return pattern.route.startswith("admin/")


# ---- concrete addresses --------------------------------------------------------------------

PARAMETER = re.compile(r"<(?:\w+:)?(?P<name>\w+)>|\(\?P<(?P<regex_name>\w+)>[^)]*\)")

# The object an admin page of each model is opened on: party B's rows where a party has any,
# so the contacts' answers below are about another party's data.
ADMIN_OBJECTS = {
    "parties.organisation": "party_b",
    "parties.membership": "membership_b",
    "parties.application": "application",
    "parties.contactinvitation": "invitation",
    "parties.changerequest": "change_request",
    "parties.withdrawal": "withdrawal",
    "parties.renewalrequest": "renewal_request",
    "actionplan.activity": "activity_b",
    "followup.response": "response_b",
    "followup.followupround": "round",
    "followup.conference": "conference",
    "followup.revisionproposal": "proposal",
    "followup.annualreport": "draft_report",
    "steering.meeting": "published_meeting",
    "steering.percapsulamquestion": "question",
    "agreements.agreement": "agreement",
    "agreements.principle": "principle",
}


def admin_model(pattern: Pattern):
    """The model a ModelAdmin's pattern serves (None for the site's own pages)."""
    parts = pattern.route.split("/")
    if len(parts) < 3 or not re.fullmatch(r"\w+", parts[1]) or not re.fullmatch(r"\w+", parts[2]):
        return None
    try:
        model = apps.get_model(parts[1], parts[2])
    except (LookupError, ValueError):
        return None
    return model if model in admin.site._registry else None


def admin_object(model, world):
    label = model._meta.label_lower
    if label == "parties.contactperson":
        return model.objects.get(organisation=world.objects["party_b"], is_current=True)
    if label in ADMIN_OBJECTS:
        return world.objects[ADMIN_OBJECTS[label]]
    if label == "auth.user":
        return world.users["contact_b"]
    found = model._default_manager.order_by("pk").first()
    assert found is not None, f"the seeded world has no {label} to open in the admin"
    return found


def values(pattern: Pattern, world) -> list[tuple[str, dict]]:
    """(variant, value of each parameter): most patterns have one variant, ''."""
    o = world.objects
    by_key = {
        "agreements:version": {"version": o["agreement"].in_force.number},
        "agreements:changes": {"version": o["agreement"].in_force.number},
        # The version in force is no draft: the page sends back to the version.
        "admin:steering_decision_adopt_version": {"version_id": o["agreement"].in_force.pk},
        "agreements:principle": {"slug": o["principle"].slug},
        "parties:receipt": {"token": o["application"].receipt_token},
        "parties:detail": {"slug": o["party_b"].slug},
        "parties:accept_handover": {"token": o["invitation"].token},
        # A link that was never sent (a real one is tested in test_contact_confirmation).
        "parties:confirm_contact": {"token": "no-such-token"},
        "parties:confirm_renewal": {"pk": o["renewal_request"].pk},
        "steering:meeting": {"pk": o["published_meeting"].pk},
        "steering:meeting_ics": {"pk": o["upcoming_meeting"].pk},
        "steering:answer": {"pk": o["question"].pk},
        "steering:motion_attachment": {"pk": o["motion_attachment"].pk},
        "actionplan:activity": {"pk": o["activity_b"].pk},
        "switch_language": {"language": "en"},
        "actionplan:update": {"pk": o["activity_b"].pk},
        "followup:form": {"year": o["round"].year},
        "followup:autosave": {"year": o["round"].year},
        "followup:conference": {"year": o["conference"].year},
        "followup:conference_ics": {"year": o["conference"].year},
        "followup:report_status": {"pk": o["draft_report"].pk},
        "followup:report_publish": {"pk": o["draft_report"].pk},
        "followup:report_figures": {"year": o["published_report"].year},
        "account_confirm_email": {"key": "no-such-key"},
        "account_reset_password_from_key": {"uidb36": "1", "key": "no-such-key"},
        "admin:app_list": {"app_label": "parties"},
        "admin:auth_user_password_change": {"id": world.users["contact_b"].pk},
        "admin/(?P<url>.*)$": {"url": "no-such-page/"},
    }
    if pattern.key == "followup:report_download":
        return [
            ("published", {"pk": o["published_report"].pk}),
            ("draft", {"pk": o["draft_report"].pk}),
        ]
    if pattern.key == "admin:view_on_site":
        party = o["party_b"]
        content_type = ContentType.objects.get_for_model(party)
        return [("", {"content_type_id": content_type.pk, "object_id": party.pk})]
    if pattern.key in by_key:
        return [("", by_key[pattern.key])]
    model = admin_model(pattern)
    if model is not None and "object_id" in pattern.route:
        return [("", {"object_id": admin_object(model, world).pk})]
    return [("", {})]


def concrete(pattern: Pattern, world) -> list[tuple[str, str]]:
    """(key of the expectation, path) for each variant of the pattern."""
    found = []
    for variant, given in values(pattern, world):

        def fill(match, given=given):
            name = match.group("name") or match.group("regex_name")
            assert name in given, f"no value for <{name}> in {pattern.route}"
            return str(given[name])

        path = PARAMETER.sub(fill, pattern.route).replace("^", "").replace("$", "")
        key = f"{pattern.key} ({variant})" if variant else pattern.key
        found.append((key, "/" + path))
    return found


def fetch_all(world, persona: str) -> dict[str, tuple[str, str]]:
    """key -> (path, outcome) for every pattern, fetched with GET as `persona`."""
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    seen = {}
    for pattern in all_patterns():
        for key, path in concrete(pattern, world):
            seen[key] = (path, outcome(client.get(path)))
    return seen


# ---- what each persona gets ----------------------------------------------------------------


def everyone(answer: str) -> dict[str, str]:
    return dict.fromkeys(PERSONAS, answer)


def signed_in(answer: str, *, public: str = LOGIN, **exceptions: str) -> dict[str, str]:
    """Anonymous visitors sent to sign in; signed-in personas get `answer` unless named."""
    return {"public": public, **dict.fromkeys(SIGNED_IN, answer), **exceptions}


def contacts_only(answer: str = OK, **exceptions: str) -> dict[str, str]:
    """A page of the contact person's own party: anyone else signed in is sent to
    /min-organisation/, which explains what the account can do."""
    return signed_in(REDIRECT, **{"contact_a": answer, "contact_b": answer, **exceptions})


PUBLIC_PAGES = (
    "agreements:home",
    "agreements:overview_json",
    "agreements:agreement",
    "agreements:versions",
    "agreements:version",
    "agreements:changes",
    "agreements:principles",
    "agreements:principle",
    "parties:apply",
    "parties:register",
    "parties:register_csv",
    "parties:register_json",
    "parties:feed",
    "parties:detail",
    "steering:composition",
    "steering:earlier",
    "steering:meeting",
    "steering:meeting_ics",
    "steering:meetings_ics",
    "actionplan:plan",
    "actionplan:plan_csv",
    "actionplan:plan_json",
    "actionplan:feed",
    "actionplan:activity",
    "followup:proposals",
    "followup:conference",
    "followup:conference_ics",
    "followup:reports",
    "followup:report_download (published)",
    "accessibility",
    "privacy",
    "healthz",
    # allauth's pages that work with or without an account
    "account_inactive",
    "account_email_verification_sent",
    "account_reset_password",
    "account_reset_password_done",
    "account_reset_password_from_key",
    "account_reset_password_from_key_done",
    "account_confirm_email",
)

EXPECTED: dict[str, dict[str, str]] = {
    **{name: everyone(OK) for name in PUBLIC_PAGES},
    # The receipt is reached by its secret token, whoever holds it.
    "parties:receipt": everyone(OK),
    # The contact person's own pages. No id in the address: each works on the user's party.
    "parties:mine": signed_in(OK),
    "parties:my_data": signed_in(OK),
    "parties:edit": contacts_only(),
    "parties:handover": contacts_only(),
    "parties:withdraw": contacts_only(),
    # Confirming continued participation (party B's request) is a POST only.
    "parties:confirm_renewal": signed_in(NOT_ALLOWED),
    # An invitation (to party A) is opened by its token; accepting it needs the right account.
    "parties:accept_handover": signed_in(OK),
    # Confirming a contact role needs sign-in; a forged or expired link is gone for everyone.
    "parties:confirm_contact": signed_in("410"),
    "actionplan:mine": contacts_only(),
    # Party B's activity: its own contact records progress, party A's contact finds nothing.
    "actionplan:update": contacts_only(contact_a=NOT_FOUND, contact_b=OK),
    "followup:form": contacts_only(),
    # The draft the form saves as the person types: a POST only.
    "followup:autosave": everyone(NOT_ALLOWED),
    "followup:propose": contacts_only(),
    # A question between meetings: voting members answer, other staff read, nobody else.
    "steering:answer": signed_in(FORBIDDEN, steering_member=OK, process_leader=OK, admin=OK),
    "steering:motion_attachment": signed_in(
        FORBIDDEN, steering_member=OK, process_leader=OK, admin=OK
    ),
    # Reports: drafts and their progress do not exist for anyone but those who see every
    # version; publishing is a POST.
    "followup:report_status": {**everyone(NOT_FOUND), "process_leader": OK, "admin": OK},
    "followup:report_download (draft)": {
        **everyone(NOT_FOUND),
        "process_leader": OK,
        "admin": OK,
    },
    "followup:report_publish": everyone(NOT_ALLOWED),
    "followup:report_figures": signed_in(FORBIDDEN, process_leader=OK, admin=OK),
    # Switching language redirects back.
    "switch_language": everyone(REDIRECT),
    # allauth: signing in and up is for visitors; a signed-in user is sent on.
    "account_login": signed_in(REDIRECT, public=OK),
    "account_signup": signed_in(REDIRECT, public=OK),
    "account_logout": signed_in(OK, public=REDIRECT),
    "account_reauthenticate": signed_in(OK),
    "account_email": signed_in(OK),
    "account_change_password": signed_in(OK),
    # Every account has a password already: allauth sends to "change password".
    "account_set_password": signed_in(REDIRECT),
    # No login code was requested: back to signing in.
    "account_confirm_login_code": signed_in(REDIRECT),
    # Two-factor sign-in (allauth.mfa): everyone signed in may manage their own factors.
    "mfa_index": signed_in(OK),
    # Nobody is half-way through signing in here: back to the start.
    "mfa_authenticate": signed_in(REDIRECT),
    # Confirming oneself with the code is for accounts that have one: staff.
    "mfa_reauthenticate": signed_in(REDIRECT, **dict.fromkeys(STAFF, OK)),
    # Changes to one's factors ask for the password again first (allauth's reauthentication).
    "mfa_activate_totp": signed_in(REDIRECT),
    "mfa_deactivate_totp": signed_in(NOT_FOUND, **dict.fromkeys(STAFF, REDIRECT)),
    "mfa_view_recovery_codes": signed_in(NOT_FOUND),
    "mfa_generate_recovery_codes": signed_in(REDIRECT),
    "mfa_download_recovery_codes": signed_in(NOT_FOUND),
    # The admin's own pages (its models' pages follow `admin_expectation`).
    # The admin signs in through allauth (two factors for staff): visitors are sent to the
    # portal's sign-in, signed-in outsiders refused, staff sent on to the admin.
    "admin:login": {
        "public": LOGIN,
        **dict.fromkeys(SIGNED_IN, FORBIDDEN),
        **dict.fromkeys(STAFF, REDIRECT),
    },
    # Outsiders are sent to /admin/ (and on to sign in); staff must POST.
    "admin:logout": {**dict.fromkeys(OUTSIDERS, REDIRECT), **dict.fromkeys(STAFF, NOT_ALLOWED)},
    "admin:index": {"staff": OK},
    "admin:password_change": {"staff": OK},
    "admin:password_change_done": {"staff": OK},
    "admin:jsi18n": {"staff": OK},
    # Without its query parameters the autocomplete refuses.
    "admin:autocomplete": {"staff": FORBIDDEN},
    "admin:view_on_site": {"staff": REDIRECT},
    "admin:app_list": {"staff": OK},
    # Only the administrator sets another account's password.
    "admin:auth_user_password_change": {"staff": FORBIDDEN, "admin": OK},
    "admin/(?P<url>.*)$": {"staff": NOT_FOUND},
    # The header's switcher between one's agreements takes a POST (agreements.staff).
    "admin:agreements_agreement_switch": {"staff": NOT_ALLOWED},
    # The steering group's decisions: its members and the process leader both may.
    "admin:parties_application_approve": {"staff": OK},
    "admin:parties_application_reject": {"staff": OK},
    "admin:parties_changerequest_approve": {"staff": OK},
    "admin:parties_changerequest_reject": {"staff": OK},
    "admin:parties_withdrawal_register": {"staff": OK},
    # Party B has given notice already: the page sends back to the membership.
    "admin:parties_membership_register_written_withdrawal": {"staff": REDIRECT},
    # The waiting application has no attachment.
    "admin:parties_application_attachment": {"staff": NOT_FOUND},
    # The process leader's work: the steering member may not.
    "admin:steering_meeting_publish": {"staff": REDIRECT, "steering_member": FORBIDDEN},
    "admin:steering_seat_end": {"staff": OK, "steering_member": FORBIDDEN},
    # Recording the adoption of a draft version is the process leader's work.
    "admin:steering_decision_adopt_version": {"staff": REDIRECT, "steering_member": FORBIDDEN},
    "admin:actionplan_activity_import": {"staff": OK, "steering_member": FORBIDDEN},
    "admin:actionplan_activity_process_import": {"staff": NOT_ALLOWED},
    "admin:actionplan_activity_export": {"staff": OK},
    "admin:actionplan_annualplan_roll_forward": {"staff": NOT_ALLOWED},
    "admin:followup_revisionproposal_check": {"staff": OK, "steering_member": FORBIDDEN},
    "admin:followup_revisionproposal_conference": {"staff": OK, "steering_member": FORBIDDEN},
    "admin:followup_revisionproposal_adopt": {"staff": OK, "steering_member": FORBIDDEN},
    "admin:followup_revisionproposal_reject": {"staff": OK, "steering_member": FORBIDDEN},
    "admin:followup_followupround_open": {"staff": OK, "steering_member": FORBIDDEN},
    "admin:followup_followupround_rates": {"staff": OK, "steering_member": FORBIDDEN},
    "admin:followup_followupround_export_csv": {"staff": OK, "steering_member": FORBIDDEN},
    "admin:followup_followupround_export_xlsx": {"staff": OK, "steering_member": FORBIDDEN},
}

# The standard pages of a ModelAdmin, by the end of their route, and the permission each
# needs: staff get the page when the ModelAdmin grants it (built on the user's has_perm and
# the ModelAdmin's own narrowing, such as "nothing in the audit trail is ever deleted").
MODEL_PAGES = {
    "": ("changelist", "has_view_or_change_permission"),
    "add/": ("add", "has_add_permission"),
    "<path:object_id>/change/": ("change", "has_view_or_change_permission"),
    "<path:object_id>/history/": ("history", "has_view_or_change_permission"),
    "<path:object_id>/delete/": ("delete", "has_delete_permission"),
    # The old address of an object's page redirects to its change page.
    "<path:object_id>/": ("redirect", None),
}


def model_page(pattern: Pattern):
    model = admin_model(pattern)
    if model is None:
        return None, None
    prefix = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
    rest = pattern.route[len(prefix) :]
    return model, MODEL_PAGES.get(rest)


def has_expectation(pattern: Pattern) -> bool:
    if pattern.key in EXPECTED or pattern.key.startswith("followup:report_download"):
        return True
    _model, page = model_page(pattern)
    return page is not None


def admin_expectation(pattern: Pattern, world, persona: str) -> str:
    """Outsiders are sent to sign in; staff get what the table or their permissions say."""
    if persona in OUTSIDERS:
        return ADMIN_LOGIN
    if pattern.key in EXPECTED:
        row = EXPECTED[pattern.key]
        return row.get(persona, row["staff"])
    model, (_page, permission) = model_page(pattern)
    if permission is None:
        return REDIRECT
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/admin/")
    request.user = world.users[persona]
    check = getattr(model_admin, permission)
    if "object_id" in pattern.route:
        allowed = check(request, admin_object(model, world))
    else:
        allowed = check(request)
    return OK if allowed else FORBIDDEN


def expected(pattern: Pattern, key: str, world, persona: str) -> str:
    if is_admin(pattern) and pattern.key not in ("admin:login", "admin:logout"):
        return admin_expectation(pattern, world, persona)
    return EXPECTED[key][persona]


# ---- the tests -----------------------------------------------------------------------------


def test_it_has_an_expectation_for_every_url_pattern():
    patterns = all_patterns()
    missing = [p.route for p in patterns if not has_expectation(p)]
    assert not missing, f"URL patterns with no line in the permission matrix: {missing}"
    keys = {p.key for p in patterns} | {
        "followup:report_download (published)",
        "followup:report_download (draft)",
    }
    stale = sorted(set(EXPECTED) - keys)
    assert not stale, f"the permission matrix names URLs that no longer exist: {stale}"
    # The walk reaches into every include: the apps, allauth, the language switch, the admin.
    routes = [p.route for p in patterns]
    for prefix in ("undertecknare/", "styrgrupp/", "handlingsplan/", "konto/", "sprak/", "admin/"):
        assert any(route.startswith(prefix) for route in routes), prefix
    assert len(patterns) > 200


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_persona_gets_the_expected_answer_at_every_url(world, persona):
    client = Client()
    user = world.users[persona]
    if user is not None:
        client.force_login(user)
    wrong, checked = [], 0
    for pattern in all_patterns():
        for key, path in concrete(pattern, world):
            want = expected(pattern, key, world, persona)
            got = outcome(client.get(path))
            checked += 1
            if got != want:
                wrong.append(f"{key} {path}: expected {want}, got {got}")
    assert checked > 200
    assert not wrong, f"{persona}:\n" + "\n".join(wrong)


# ---- no contact person reaches another party's data ----------------------------------------


def private_markers(world, party_key: str, contact_key: str) -> list[str]:
    """What only the party itself and the staff may see: its contact's email and phone, its
    pending name change, its notice of withdrawal and its follow-up answers."""
    from followup.models import Answer
    from parties.models import ContactPerson

    party = world.objects[party_key]
    contact = ContactPerson.objects.get(organisation=party, is_current=True)
    markers = [contact.email, world.users[contact_key].email, contact.phone]
    if party_key == "party_b":
        markers += [world.objects["change_request"].new_name, world.objects["withdrawal"].reason]
    response = world.objects[f"response_{party_key[-1]}"]
    for answer in Answer.objects.filter(response=response):
        markers += [text for text in (answer.text, answer.comment) if len(text) > 12]
    return [marker for marker in markers if marker]


@pytest.mark.parametrize(("reader", "owner"), [("a", "b"), ("b", "a")])
def test_it_shows_no_contact_person_another_partys_data(world, reader, owner):
    client = Client()
    client.force_login(world.users[f"contact_{reader}"])
    markers = private_markers(world, f"party_{owner}", f"contact_{owner}")
    assert len(markers) >= 3
    # The scan sees what a party's own pages show: the reader finds its own email there.
    own_email = world.users[f"contact_{reader}"].email
    leaks, read, own_seen = [], 0, 0
    for pattern in all_patterns():
        if is_admin(pattern):
            continue  # every admin page sends a contact person to sign in (the matrix above)
        for key, path in concrete(pattern, world):
            response = client.get(path)
            if response.status_code != 200:
                continue
            read += 1
            body = b"".join(response) if response.streaming else response.content
            text = body.decode("utf-8", errors="ignore")
            leaks += [f"{key} {path}: {marker!r}" for marker in markers if marker in text]
            own_seen += own_email in text
    assert read > 40
    assert own_seen
    assert not leaks, "\n".join(leaks)


def test_it_refuses_contact_a_progress_on_party_bs_activity(world):
    client = Client()
    client.force_login(world.users["contact_a"])
    activity = world.objects["activity_b"]
    before = (activity.status, activity.progress)
    response = client.post(
        reverse("actionplan:update", args=[activity.pk]),
        {"status": "done", "progress": "100", "note": "Klart!"},
    )
    assert response.status_code == 404
    activity.refresh_from_db()
    assert (activity.status, activity.progress) == before


def test_it_refuses_contact_a_answers_to_party_bs_follow_up(world):
    client = Client()
    client.force_login(world.users["contact_a"])
    response_b = world.objects["response_b"]
    saved_before = (response_b.status, response_b.answers.count(), response_b.saved_by_id)
    response = client.post(
        reverse("followup:form", args=[world.objects["round"].year]),
        {"response": str(response_b.pk), "action": "submit"},
    )
    assert response.status_code == 403
    response_b.refresh_from_db()
    assert (response_b.status, response_b.answers.count(), response_b.saved_by_id) == saved_before


def test_it_lets_no_contact_person_into_the_admin_pages_of_another_party(world):
    from parties.models import ContactPerson

    client = Client()
    client.force_login(world.users["contact_a"])
    party_b = world.objects["party_b"]
    contact_b = ContactPerson.objects.get(organisation=party_b, is_current=True)
    for path in (
        reverse("admin:parties_organisation_change", args=[party_b.pk]),
        reverse("admin:parties_contactperson_change", args=[contact_b.pk]),
        reverse("admin:followup_response_change", args=[world.objects["response_b"].pk]),
        reverse("admin:parties_changerequest_change", args=[world.objects["change_request"].pk]),
        reverse("admin:parties_withdrawal_change", args=[world.objects["withdrawal"].pk]),
    ):
        response = client.get(path)
        assert outcome(response) == ADMIN_LOGIN, path
        assert contact_b.email not in response.content.decode()
