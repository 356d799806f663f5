from . import (
    intervention_billing_wizard,
    support_contract_wizard,
    support_invoice_wizard,
)
