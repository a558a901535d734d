"""The period's action plan, its development areas and objectives, the annual plans and
their yearly roll forward, and the activity areas and perspectives kept as data."""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseNotAllowed, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from actionplan import services
from actionplan.models import (
    ActionPlan,
    ActivityArea,
    AnnualPlan,
    DevelopmentArea,
    Objective,
    Perspective,
)
from agreements.staff import ScopedAdmin


class NoDeleteAdmin(admin.ModelAdmin):
    """Plans and what hangs on them are kept: nobody deletes them here."""

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class DevelopmentAreaInline(admin.StackedInline):
    model = DevelopmentArea
    fields = ["order", "title", "description"]
    extra = 0
    can_delete = False
    show_change_link = True


class ObjectiveInline(admin.TabularInline):
    model = Objective
    fields = ["order", "title", "description"]
    extra = 0
    can_delete = False


@admin.register(ActionPlan)
class ActionPlanAdmin(ScopedAdmin, NoDeleteAdmin):
    list_display = ["title", "agreement", "first_year", "last_year", "adopted_by"]
    list_select_related = ["agreement", "adopted_by"]
    inlines = [DevelopmentAreaInline]
    raw_id_fields = ["adopted_by"]


@admin.register(DevelopmentArea)
class DevelopmentAreaAdmin(ScopedAdmin, NoDeleteAdmin):
    list_display = ["title", "plan", "order"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
    search_fields = ["title"]
    inlines = [ObjectiveInline]


@admin.register(AnnualPlan)
class AnnualPlanAdmin(ScopedAdmin, NoDeleteAdmin):
    list_display = ["__str__", "plan", "year", "adopted_by", "reviewed_on", "rolled_from"]
    list_select_related = ["plan", "adopted_by", "rolled_from"]
    list_filter = ["plan"]
    readonly_fields = ["rolled_from"]
    raw_id_fields = ["adopted_by"]
    actions = ["roll_forward"]
    change_form_template = "admin/actionplan/annualplan/change_form.html"

    def get_urls(self):
        urls = super().get_urls()
        name = f"{self.opts.app_label}_{self.opts.model_name}_roll_forward"
        return [
            path(
                "<path:object_id>/roll-forward/",
                self.admin_site.admin_view(self.roll_forward_view),
                name=name,
            )
        ] + urls

    @admin.action(description=_("Roll forward to next year"), permissions=["change"])
    def roll_forward(self, request: HttpRequest, queryset) -> None:
        for annual_plan in queryset.order_by("year"):
            self._roll(request, annual_plan)

    def roll_forward_view(self, request: HttpRequest, object_id: str):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        annual_plan = self.get_object(request, unquote(object_id))
        if annual_plan is None:
            raise Http404
        if not self.has_change_permission(request, annual_plan):
            raise PermissionDenied
        following = self._roll(request, annual_plan)
        return HttpResponseRedirect(
            reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=[following.pk],
                current_app=self.admin_site.name,
            )
        )

    def _roll(self, request: HttpRequest, annual_plan: AnnualPlan) -> AnnualPlan:
        following, carried = services.roll_forward(annual_plan, by=request.user)
        values = {"count": carried, "year": annual_plan.year, "next": following.year}
        if carried:
            self.message_user(
                request,
                ngettext(
                    "%(count)d activity carried from %(year)s into %(next)s.",
                    "%(count)d activities carried from %(year)s into %(next)s.",
                    carried,
                )
                % values,
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request,
                gettext(
                    "Nothing new to carry from %(year)s: the annual plan for %(next)s "
                    "already has every activity that is not done or cancelled."
                )
                % values,
                messages.INFO,
            )
        return following


@admin.register(ActivityArea)
class ActivityAreaAdmin(NoDeleteAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ["name"]


@admin.register(Perspective)
class PerspectiveAdmin(NoDeleteAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ["name"]
