"""Who may call the module's public methods: the one check of their callers."""

from odoo.exceptions import AccessError

SUPPORT_INTAKE = "gesticlean_support.group_support_intake"
SUPPORT_TECHNICIAN = "gesticlean_support.group_support_technician"
SUPPORT_MANAGER = "gesticlean_support.group_support_manager"
ACCOUNTANT = "account.group_account_invoice"


def check_caller(env, groups, message):
    """Raise AccessError(``message``) unless the user of ``env`` is in one of
    ``groups`` (XML ids). Superuser calls (crons, installation) pass.

    Every public method of the module's models and wizards calls it first (a
    public method is callable through JSON-RPC by any user who reads the model),
    then checks the kind of the records it is given.
    """
    if env.su:
        return
    if not any(env.user.has_group(group) for group in groups):
        raise AccessError(message)
