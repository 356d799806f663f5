from . import test_access, test_client_data, test_demo, test_tools, test_ui
