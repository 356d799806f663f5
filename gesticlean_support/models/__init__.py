from . import (
    helpdesk_ticket,
    res_company,
    res_config_settings,
    res_partner,
    res_partner_coverage,
    resource_calendar,
    support_intervention,
)
