from . import (
    test_access,
    test_client_data,
    test_contract,
    test_contract_portal,
    test_demo,
    test_invoicing,
    test_tools,
    test_ui,
)
