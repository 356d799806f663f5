{
    "name": "GestiClean Support",
    "summary": "Support contracts, call intake, callbacks and ratings for GestiClean "
    "dry-cleaning shops",
    "version": "18.0.1.0.0",
    "category": "Services/Helpdesk",
    "website": "https://www.inforum.io",
    "author": "INFORUM",
    "license": "AGPL-3",
    "application": True,
    "installable": True,
    "depends": [
        # Odoo
        "mail",
        "portal",
        "rating",
        "account",
        "hr_timesheet",
        "calendar",
        "resource",
        "phone_validation",
        # OCA
        "contract",
        "helpdesk_mgmt",
        "helpdesk_mgmt_rating",
    ],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "views/res_partner_views.xml",
        "views/menus.xml",
    ],
    "demo": [
        "demo/res_company_demo.xml",
        "demo/resource_calendar_demo.xml",
        "demo/res_partner_demo.xml",
        "demo/res_users_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "gesticlean_support/static/tests/tours/**/*",
        ],
    },
}
