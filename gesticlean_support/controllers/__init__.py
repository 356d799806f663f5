from . import contract_portal
