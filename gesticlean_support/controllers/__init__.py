from . import contract_portal, errors, helpdesk, portal, rating
