"""What an upgrade must keep: SQL read before and after it (migration step).

`tools/dev.py test` installs the last landed version of the module with its demo
data, runs every query of BEFORE_UPGRADE on that database (plain SQL, on the schema
of that version), upgrades the module to the working tree and runs the tests tagged
`migration` (test_migration.py), which run the same queries again (or the one of
AFTER_UPGRADE with the same name, for data whose shape the upgrade changes) and
compare the rows.

A migration script comes with its entries here: a query reading the data as the
previous version stores it in BEFORE_UPGRADE, and a query giving the same rows from
the new shape in AFTER_UPGRADE. For example, when the shops' TeamViewer IDs move to
workstation records:

    BEFORE_UPGRADE["teamviewer_ids"] = (
        "SELECT id, teamviewer_id FROM res_partner"
        " WHERE teamviewer_id IS NOT NULL ORDER BY id"
    )
    AFTER_UPGRADE["teamviewer_ids"] = (
        "SELECT partner_id, teamviewer_id FROM gesticlean_workstation"
        " ORDER BY partner_id"
    )

Queries read stored business values (not values that depend on the time of the
run, such as waiting hours), ordered so that rows compare as lists. This file is
also read by tools/dev.py without Odoo: plain Python, no import.
"""

BEFORE_UPGRADE = {
    "clients": """
        SELECT id, name, gesticlean_code, support_phone, stable_internet,
               shop_equipment, shop_calendar_id, active
          FROM res_partner
         WHERE gesticlean_client
         ORDER BY id
    """,
    # 18.0.3.0.0: each shop's OS and TeamViewer ID become one workstation
    "shop_workstations": """
        SELECT id, teamviewer_id, workstation_os
          FROM res_partner
         WHERE gesticlean_client
           AND (teamviewer_id IS NOT NULL OR workstation_os IS NOT NULL)
         ORDER BY id
    """,
    "support_contracts": """
        SELECT id, name, partner_id, company_id, active, licence_count,
               conveyor_option, backup_option, date_start, date_end,
               recurring_next_date
          FROM contract_contract
         WHERE is_support_contract
         ORDER BY id
    """,
    "support_contract_lines": """
        SELECT line.id, line.contract_id, line.product_id, line.name, line.quantity,
               line.specific_price, line.automatic_price, line.discount,
               line.date_start, line.date_end, line.is_canceled,
               line.support_line_kind
          FROM contract_line line
          JOIN contract_contract contract ON contract.id = line.contract_id
         WHERE contract.is_support_contract
         ORDER BY line.id
    """,
    "termination_requests": """
        SELECT id, contract_id, channel, received_date, reason_id, state,
               effective_date, document_name
          FROM gesticlean_termination_request
         ORDER BY id
    """,
    "licence_tiers": """
        SELECT id, company_id, min_licences, price_unit, active
          FROM gesticlean_licence_tier
         ORDER BY id
    """,
    "company_settings": """
        SELECT id, gesticlean_support_calendar_id, gesticlean_billing_unit,
               gesticlean_target_blocked, gesticlean_target_degraded,
               gesticlean_target_question
          FROM res_company
         ORDER BY id
    """,
    "tickets": """
        SELECT id, number, name, partner_id, user_id, stage_id, urgency,
               caller_name, callback_phone, intake_date, coverage,
               coverage_contract_id, billing_notice_given, appointment_start,
               callback_waiting, first_callback_date
          FROM helpdesk_ticket
         ORDER BY id
    """,
    "interventions": """
        SELECT id, ticket_id, partner_id, user_id, date_start, date_end, channel,
               outcome, state, billable, version_update, logged_minutes,
               billed_units, billed_amount, invoice_state
          FROM support_intervention
         ORDER BY id
    """,
    "timesheets": """
        SELECT id, support_intervention_id, support_ticket_id, employee_id, date,
               unit_amount, support_billable, support_invoice_line_id
          FROM account_analytic_line
         WHERE support_intervention_id IS NOT NULL
         ORDER BY id
    """,
    "ratings": """
        SELECT id, res_id, partner_id, rated_partner_id, rating, feedback,
               consumed, access_token
          FROM rating_rating
         WHERE res_model = 'support.intervention'
         ORDER BY id
    """,
    "rating_statistics": """
        SELECT company_id, SUM(contract_count), SUM(rating_count), SUM(top_count)
          FROM support_rating_statistic
         GROUP BY company_id
         ORDER BY company_id
    """,
    "support_invoices": """
        SELECT id, support_contract_id, support_period_start, partner_id, state,
               amount_untaxed, amount_total
          FROM account_move
         WHERE support_contract_id IS NOT NULL
         ORDER BY id
    """,
}

# Queries on the upgraded schema, by the name of the BEFORE_UPGRADE query whose rows
# they must give back (only for data a migration script moves).
AFTER_UPGRADE = {
    # the workstations the migration created (the demo data of this version, loaded
    # by the upgrade, add others: they have an xml id)
    "shop_workstations": """
        SELECT workstation.partner_id, workstation.teamviewer_id, windows.code
          FROM gesticlean_workstation workstation
          LEFT JOIN gesticlean_windows_version windows
                 ON windows.id = workstation.windows_version_id
         WHERE NOT EXISTS (
                   SELECT 1 FROM ir_model_data data
                    WHERE data.model = 'gesticlean.workstation'
                      AND data.res_id = workstation.id
               )
         ORDER BY workstation.partner_id
    """,
}
