"""Where a staff member works: the agreements they hold a role in, and the one they chose.

A group says what a person may do (model permissions), an `AgreementRole` says where. In
the admin a person works in one agreement at a time, the *active* one: chosen in the
switcher in the admin's header (kept in the session under `SESSION_KEY`), else their first.
A superuser sees every agreement until they choose one.

`ScopedAdmin` is the admin mixin that keeps a ModelAdmin to the active agreement: its lists,
filters, actions and exports, its forms' choices, and a record of another agreement reached
by its id is 404.
"""

import time

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.utils import NotRelationField, get_fields_from_path
from django.contrib.auth.signals import user_logged_in
from django.core.cache import cache
from django.core.exceptions import FieldDoesNotExist
from django.db.models import Model, Q, QuerySet
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404, HttpRequest
from django.utils.translation import gettext_lazy as _

from common import scoping

from .models import Agreement, AgreementRole

SESSION_KEY = "admin_agreement"
# The session's value when a superuser chose to see every agreement.
ALL = scoping.ALL


def agreements_of(user) -> QuerySet:
    """Every agreement for a superuser; else those the person holds a role in."""
    if not user.is_authenticated or not user.is_staff:
        return Agreement.objects.none()
    if user.is_superuser:
        return Agreement.objects.all()
    return Agreement.objects.filter(roles__user=user).distinct()


# Who works where is read on every admin request: kept in the cache, under a generation
# that every change of an agreement or a role moves on (so a removed role ends at once).
CACHE_SECONDS = 300
GENERATION_KEY = "staff:agreements:generation"


def _generation() -> int:
    generation = cache.get(GENERATION_KEY)
    if generation is None:
        generation = time.time_ns()
        cache.add(GENERATION_KEY, generation, None)
        generation = cache.get(GENERATION_KEY, generation)
    return generation


@receiver([post_save, post_delete], sender=Agreement, dispatch_uid="staff_agreement_changed")
@receiver([post_save, post_delete], sender=AgreementRole, dispatch_uid="staff_role_changed")
def _forget_who_works_where(sender, raw=False, **kwargs) -> None:
    # A fixture loaded raw is not a change of who works where (the cache lapses anyway).
    if not raw:
        cache.set(GENERATION_KEY, time.time_ns(), None)


def _where(user) -> tuple[list[Agreement], frozenset[tuple[int, str]]]:
    """The person's agreements and their (agreement id, kind) roles, from the cache."""
    if not hasattr(user, "_staff_where"):
        if not user.is_authenticated or not user.is_staff:
            user._staff_where = ([], frozenset())
            return user._staff_where
        key = f"staff:agreements:{_generation()}:{user.pk}:{int(user.is_superuser)}"
        found = cache.get(key)
        if found is None:
            found = _read_where(user)
            cache.set(key, found, CACHE_SECONDS)
        user._staff_where = found
    return user._staff_where


def _read_where(user) -> tuple[list[Agreement], frozenset[tuple[int, str]]]:
    if user.is_superuser:
        # Everything everywhere: the roles a superuser may also hold change nothing.
        return list(Agreement.objects.order_by("pk")), frozenset()
    roles = list(AgreementRole.objects.filter(user=user).select_related("agreement"))
    agreements = {role.agreement_id: role.agreement for role in roles}
    return (
        [agreements[pk] for pk in sorted(agreements)],
        frozenset((role.agreement_id, role.kind) for role in roles),
    )


@receiver(user_logged_in, dispatch_uid="staff_where_at_sign_in")
def _read_at_sign_in(sender, request, user, **kwargs) -> None:
    """Read where a staff member works as they sign in, not on their first page."""
    if user.is_staff:
        _where(user)


def agreement_list(user) -> list[Agreement]:
    """`agreements_of(user)` in order, read once per request."""
    return _where(user)[0]


def agreement_ids_of(user) -> frozenset[int]:
    return frozenset(agreement.pk for agreement in agreement_list(user))


def holds_role(user, agreement, *kinds: str) -> bool:
    """Whether `user` holds a role (one of `kinds`, any if none given) in `agreement`."""
    if agreement is None or not user.is_authenticated:
        return False
    pk = agreement.pk if isinstance(agreement, Model) else int(agreement)
    return any(a == pk and (not kinds or kind in kinds) for a, kind in _where(user)[1])


def default_agreement() -> Agreement | None:
    """The installation's default agreement (settings.DEFAULT_AGREEMENT, else the oldest)."""
    if settings.DEFAULT_AGREEMENT:
        found = Agreement.objects.filter(slug=settings.DEFAULT_AGREEMENT).first()
        if found is not None:
            return found
    return Agreement.objects.order_by("pk").first()


def active_agreement(request: HttpRequest) -> Agreement | None:
    """The agreement chosen in the admin's switcher, else the person's first; None for a
    superuser who has not chosen (they see every agreement)."""
    if hasattr(request, "_active_agreement"):
        return request._active_agreement
    user = request.user
    allowed = agreement_list(user)
    session = getattr(request, "session", None)
    chosen = session.get(SESSION_KEY) if session is not None else None
    agreement = None
    if chosen and chosen != ALL:
        agreement = next((a for a in allowed if a.pk == chosen), None)
    if agreement is None and not user.is_superuser and allowed:
        agreement = allowed[0]
    request._active_agreement = agreement
    return agreement


def working_agreement(request: HttpRequest) -> Agreement | None:
    """The one agreement a page about a single agreement shows (a dashboard, the group's
    composition, a new record's default): the active one, or for a superuser seeing every
    agreement, the installation's default."""
    agreement = active_agreement(request)
    if agreement is None and request.user.is_authenticated and request.user.is_superuser:
        every = agreement_list(request.user)
        slug = settings.DEFAULT_AGREEMENT
        agreement = next((a for a in every if a.slug == slug), every[0] if every else None)
    return agreement


def admin_scope(request: HttpRequest):
    """What the guard lets an admin request see (see common.scoping)."""
    user = request.user
    if not user.is_authenticated or not user.is_staff:
        return None
    agreement = active_agreement(request)
    if agreement is not None:
        return agreement
    return scoping.ALL if user.is_superuser else frozenset()


def scope_ids(request: HttpRequest) -> frozenset[int] | str:
    """The agreements an admin request shows, as ids, or `ALL`."""
    scope = admin_scope(request)
    if scope == scoping.ALL:
        return ALL
    if scope is None:
        return frozenset()
    if isinstance(scope, Agreement):
        return frozenset({scope.pk})
    return frozenset(scope)


def choose(request: HttpRequest, value: str) -> Agreement | None:
    """Make `value` (an agreement's id, or "all" for a superuser) the active agreement.
    Returns the agreement chosen (None for "all"); Http404 for one the person may not see."""
    user = request.user
    if value == ALL and user.is_superuser:
        request.session[SESSION_KEY] = ALL
        agreement = None
    else:
        agreement = next((a for a in agreement_list(user) if str(a.pk) == value), None)
        if agreement is None:
            raise Http404("No such agreement.")
        request.session[SESSION_KEY] = agreement.pk
    request.__dict__.pop("_active_agreement", None)
    return agreement


def give_role(user, agreement: Agreement, kind: str):
    """Let `user` work in `agreement` as `kind` (an AgreementRole.Kind); kept if held."""
    role, _created = AgreementRole.objects.get_or_create(agreement=agreement, user=user, kind=kind)
    user.__dict__.pop("_staff_where", None)
    return role


# ---- the path from a model to its agreement ---------------------------------------------------

# For models whose manager does not say (common.scoping.scoped_manager gives `agreement_path`).
KNOWN_PATHS = {
    "agreements.agreement": "pk",
    "agreements.version": "agreement",
    "agreements.goal": "version__agreement",
    "agreements.principle": "version__agreement",
    "agreements.agreementrole": "agreement",
    "steering.seat": "agreement",
    "steering.meeting": "agreement",
    "steering.attendance": "meeting__agreement",
    "steering.decision": "agreement",
    "steering.motion": "agreement",
    "steering.motionattachment": "motion__agreement",
    "steering.percapsulamquestion": "agreement",
    "steering.percapsulamanswer": "question__agreement",
    "actionplan.actionplan": "agreement",
    "actionplan.developmentarea": "plan__agreement",
    "actionplan.objective": "area__plan__agreement",
    "actionplan.annualplan": "plan__agreement",
    "actionplan.activity": "annual_plan__plan__agreement",
    "actionplan.activityupdate": "activity__annual_plan__plan__agreement",
    "followup.followupround": "agreement",
    "followup.question": "round__agreement",
    "followup.response": "round__agreement",
    "followup.answer": "response__round__agreement",
    "followup.submittedversion": "response__round__agreement",
    "followup.conference": "agreement",
    "followup.revisionproposal": "agreement",
    "followup.annualreport": "agreement",
}


def agreement_path_of(model) -> str | None:
    """The lookup from `model` to its agreement ("agreement", "round__agreement", …), or None
    for a model that belongs to no agreement."""
    label = model._meta.label_lower
    if label in KNOWN_PATHS:
        return KNOWN_PATHS[label]
    manager = model._default_manager
    return (
        getattr(manager, "agreement_path", None)
        if isinstance(manager, scoping.ScopedManager)
        else None
    )


def agreement_id_of(obj) -> int | None:
    """The id of the agreement `obj` belongs to, following its path (None if it has none)."""
    path = agreement_path_of(type(obj))
    if path is None:
        return None
    if path == "pk":
        return obj.pk
    *hops, last = path.split("__")
    for hop in hops:
        obj = getattr(obj, hop, None)
        if obj is None:
            return None
    return getattr(obj, f"{last}_id", None)


def in_scope(obj, request: HttpRequest) -> bool:
    """Whether the admin request shows `obj` (a record of no agreement: yes)."""
    ids = scope_ids(request)
    if ids == ALL:
        return True
    pk = agreement_id_of(obj)
    return pk is None and agreement_path_of(type(obj)) is None or pk in ids


def limit_to_scope(queryset: QuerySet, request: HttpRequest, path: str | None = None) -> QuerySet:
    """`queryset` narrowed to the admin request's agreements (unchanged for "all")."""
    path = path or agreement_path_of(queryset.model)
    if path is None:
        return queryset
    ids = scope_ids(request)
    if ids == ALL:
        return queryset
    if len(ids) == 1:
        return queryset.filter(**{path: next(iter(ids))})
    return queryset.filter(**{f"{path}__in": ids})


def limit_records_to_scope(
    queryset: QuerySet,
    request: HttpRequest,
    type_field: str = "content_type",
    id_field: str = "object_id",
) -> QuerySet:
    """Rows that point at any record (the audit trail, the outbox) narrowed to those about
    records of the agreements the admin shows; rows about records that belong to no
    agreement (an organisation, an account) stay."""
    ids = scope_ids(request)
    if ids == ALL:
        return queryset
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    models = [model for model in apps.get_models() if agreement_path_of(model) is not None]
    types = ContentType.objects.get_for_models(*models)
    condition = ~Q(**{f"{type_field}__in": list(types.values())})
    for model, content_type in types.items():
        inner = limit_to_scope(model._default_manager.all(), request).values("pk")
        condition |= Q(**{type_field: content_type, f"{id_field}__in": inner})
    return queryset.filter(condition)


# ---- the admin ------------------------------------------------------------------------------


class ScopedRelatedListFilter(admin.RelatedFieldListFilter):
    """A list filter by a related record (the agreement, a round, a plan…) that lists only
    those of the agreements the admin shows."""

    def field_choices(self, field, request, model_admin):
        queryset = limit_to_scope(field.related_model._default_manager.all(), request)
        ordering = self.field_admin_ordering(field, request, model_admin)
        if ordering:
            queryset = queryset.order_by(*ordering)
        return [(obj.pk, str(obj)) for obj in queryset]

    def has_output(self) -> bool:
        # An agreement filter with one agreement to choose is no choice.
        if self.field.related_model is Agreement:
            return len(self.lookup_choices) > 1
        return super().has_output()


def limit_choices(form, request: HttpRequest) -> None:
    """Keep every choice of records of `form` to the agreements the admin request shows."""
    for field in form.fields.values():
        queryset = getattr(field, "queryset", None)
        if queryset is None:
            continue
        if queryset.model is Agreement:
            field.queryset = queryset.filter(pk__in=agreement_ids_of(request.user))
        elif agreement_path_of(queryset.model) is not None:
            field.queryset = limit_to_scope(queryset, request)


def _is_scoped_relation(model, lookup: str) -> bool:
    try:
        field = get_fields_from_path(model, lookup)[-1]
    except (FieldDoesNotExist, NotRelationField):
        return False
    related = getattr(field, "related_model", None)
    return bool(field.is_relation and related and agreement_path_of(related))


class OutOfScopeIsNotFound:
    """Admin mixin: a record the person cannot see (another agreement's) is a 404, not the
    admin's redirect with a "does not exist" hint."""

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(_("No such record."))


class ScopedAdmin(OutOfScopeIsNotFound):
    """Admin mixin for records that belong to an agreement (see the module's docstring).

    `agreement_path` is the lookup to the record's agreement; by default the model's
    (`agreement_path_of`). Put it before `admin.ModelAdmin` among the bases.
    """

    agreement_path: str | None = None

    def _agreement_path(self) -> str | None:
        return self.agreement_path or agreement_path_of(self.model)

    def get_queryset(self, request):
        return limit_to_scope(super().get_queryset(request), request, self._agreement_path())

    def get_list_filter(self, request):
        filters = []
        for entry in super().get_list_filter(request):
            if isinstance(entry, str) and _is_scoped_relation(self.model, entry):
                entry = (entry, ScopedRelatedListFilter)
            filters.append(entry)
        return filters

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        related = db_field.related_model
        if related is Agreement:
            queryset = kwargs.get("queryset", Agreement.objects.all())
            kwargs["queryset"] = queryset.filter(pk__in=agreement_ids_of(request.user))
        elif agreement_path_of(related) is not None:
            queryset = kwargs.get("queryset", related._default_manager.all())
            kwargs["queryset"] = limit_to_scope(queryset, request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)

        class InScope(form):
            """Choices the form's own __init__ sets are kept to the agreements shown too."""

            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                limit_choices(self, request)

        InScope.__name__ = form.__name__
        return InScope

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if any(f.name == "agreement" for f in self.model._meta.fields):
            agreement = working_agreement(request)
            if agreement is not None:
                initial.setdefault("agreement", agreement.pk)
        return initial
