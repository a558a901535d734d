"""The portal's roles as Django groups, created and granted by data migrations.

Each app's migration grants the permissions for its own models, so the groups
grow with the apps and never need to be set up by hand.
"""

STEERING_GROUP = "Styrgrupp"
PROCESS_LEADER = "Processledare"


def grant(apps, schema_editor, app_label: str, grants: dict[str, list[str]]) -> None:
    """Give each group in `grants` the listed permission codenames of `app_label`.

    Permissions are normally created after migrations run; create them now so a
    fresh database gets complete groups in one `migrate`.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    # Migration state's app configs lack `models_module`, which create_permissions checks.
    if getattr(app_config, "models_module", None) is None:
        app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, codenames in grants.items():
        group, _created = Group.objects.get_or_create(name=group_name)
        permissions = Permission.objects.filter(
            content_type__app_label=app_label, codename__in=codenames
        )
        missing = set(codenames) - set(permissions.values_list("codename", flat=True))
        if missing:
            raise RuntimeError(f"Unknown permissions for {app_label}: {sorted(missing)}")
        group.permissions.add(*permissions)
