"""Fields a role may not see (what retention costs, for agents): declared once on the model as
`hidden_without = {permission: (field or property, …)}` and left out by the generic card and its history
(core.views), register tables and their exports (core.tables.UserTable) and the API (core.api HiddenFieldsMixin)."""


def hidden_fields(model, user) -> set[str]:
    """The names of `model` this user may not see; all of them when there is no user."""
    rules = getattr(model, "hidden_without", {})
    return {
        name for permission, names in rules.items() if user is None or not user.has_perm(permission) for name in names
    }
