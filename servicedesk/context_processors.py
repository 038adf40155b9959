"""What every page's layout needs: the institution's name, the navigation for the user's
roles, the inbox's unread count, and whether the rules banner must show (clause 9)."""

from typing import Any

from django.http import HttpRequest

from servicedesk.roles import Action, can


def desk(request: HttpRequest) -> dict[str, Any]:
    from servicedesk.selectors.organisation import institution_short_name

    layout = {"institution_short_name": institution_short_name()}
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return layout
    from servicedesk.selectors.notifications import unread_count
    from servicedesk.selectors.rules import versions_to_acknowledge

    return layout | {
        "nav": {action.name.lower(): can(user, action) for action in Action},
        "unread_notifications": unread_count(user),
        "rules_to_acknowledge": versions_to_acknowledge(user),
    }
