from . import controllers, models, wizards


def uninstall_hook(env):
    """PostgreSQL objects Odoo does not know of: the rating statistics triggers."""
    env["support.rating.statistic"]._gesticlean_drop_triggers()
