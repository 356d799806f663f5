import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gesticlean_support_callback_queue", {
    steps: () => [
        {
            content: "The blocked client is first in the queue",
            trigger: ".o_data_row:first-child td[name=commercial_partner_id]:contains('Pressing Queue Bloqué')",
        },
        {
            content: "Take the next call, nothing selected",
            trigger: "button[name=action_take_next_call]",
            run: "click",
        },
        {
            content: "The intervention is started on the blocked client's ticket",
            trigger: ".o_form_view .o_field_widget[name=partner_id]:contains('Pressing Queue Bloqué')",
        },
        {
            content: "It is running",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('En cours')",
        },
    ],
});
