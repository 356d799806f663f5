from . import support_contract_wizard, support_invoice_wizard
