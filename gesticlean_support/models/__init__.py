from . import (
    account_chart_template,
    account_move,
    contract_contract,
    contract_line,
    product_template,
    res_partner,
    support_licence_tier,
    termination_request,
)
