from . import (
    direct_debit_order_wizard,
    direct_debit_return_wizard,
    intervention_billing_wizard,
    support_contract_wizard,
    support_contract_wizard_payment,
    support_invoice_wizard,
    support_settings,
)
