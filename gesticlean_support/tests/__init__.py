from . import (
    test_access,
    test_client_data,
    test_demo,
    test_helpdesk,
    test_helpdesk_http,
    test_helpdesk_ui,
    test_holidays,
    test_support_calendar,
    test_tools,
    test_ui,
)
