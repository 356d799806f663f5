import { registry } from "@web/core/registry";

/** The next `weekday` (0 Sunday .. 6 Saturday) at least two days ahead, at 10:00,
 * written as a French user types it (dd/MM/yyyy HH:mm:ss). Tuesdays are never
 * moving public holidays; the fixed ones are skipped. */
function nextDay(weekday) {
    const fixed = ["01/01", "01/05", "08/05", "14/07", "15/08", "01/11", "11/11", "25/12"];
    const day = new Date();
    day.setDate(day.getDate() + 2);
    const pad = (n) => String(n).padStart(2, "0");
    while (
        day.getDay() !== weekday ||
        fixed.includes(`${pad(day.getDate())}/${pad(day.getMonth() + 1)}`)
    ) {
        day.setDate(day.getDate() + 1);
    }
    return `${pad(day.getDate())}/${pad(day.getMonth() + 1)}/${day.getFullYear()} 10:00:00`;
}

registry.category("web_tour.tours").add("gesticlean_support_technician_day", {
    steps: () => [
        {
            content: "The blocked client is first in the queue",
            trigger:
                ".o_data_row:first-child td[name=commercial_partner_id]:contains('Pressing des Glières')",
        },
        {
            content: "Take the next call, nothing selected",
            trigger: "button[name=action_take_next_call]",
            run: "click",
        },
        {
            content: "The intervention shows who called",
            trigger: ".o_field_widget[name=caller_name]:contains('Julie')",
        },
        {
            content: "... the number to call, as people write it",
            trigger: ".o_field_widget[name=callback_phone] a:contains('04 50 45 12 34')",
        },
        {
            content: "... and the problem described at intake",
            trigger: ".o_field_widget[name=problem]:contains('La caisse ne démarre plus')",
        },
        {
            content: "Out of contract, the client was not told at intake",
            trigger: ".alert-warning:contains('pas été prévenu')",
        },
        {
            content: "The technician tells the client, then confirms",
            trigger: "button[name=action_confirm_billing_notice]:contains('Client prévenu')",
            run: "click",
        },
        {
            content: "Confirmed",
            trigger: ".o_form_view:not(:has(button[name=action_confirm_billing_notice]))",
        },
        {
            content: "The client will be back later: callback planned",
            trigger: ".o_field_widget[name=outcome] input[data-value=callback]",
            run: "click",
        },
        {
            content: "When? A Saturday: support is closed",
            trigger: ".o_field_widget[name=callback_start] input",
            async run(helpers) {
                await helpers.edit(nextDay(6));
            },
        },
        {
            content: "End the intervention",
            trigger: "button[name=action_done]",
            run: "click",
        },
        {
            content: "Refused, with the next free slots",
            trigger: ".modal:contains('Prochains créneaux libres')",
        },
        {
            content: "Close the message",
            trigger: ".modal .modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "A Tuesday at 10:00",
            trigger: ".o_field_widget[name=callback_start] input",
            async run(helpers) {
                await helpers.edit(nextDay(2));
            },
        },
        {
            content: "End the intervention",
            trigger: "button[name=action_done]",
            run: "click",
        },
        {
            content: "Ended",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Terminée')",
        },
    ],
});
