from . import (
    backup,
    contract_portal,
    errors,
    helpdesk,
    planning_portal,
    portal,
    rating,
    workstation_portal,
)
