from . import contract_portal, helpdesk, portal, rating
