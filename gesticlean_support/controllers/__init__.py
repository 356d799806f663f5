from . import helpdesk, portal
