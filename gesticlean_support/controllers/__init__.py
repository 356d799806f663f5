from . import (
    backup,
    contract_portal,
    errors,
    helpdesk,
    portal,
    rating,
    workstation_portal,
)
