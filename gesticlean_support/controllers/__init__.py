from . import contract_portal, helpdesk, portal, rating, workstation_portal
