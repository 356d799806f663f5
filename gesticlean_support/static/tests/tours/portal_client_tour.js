import { registry } from "@web/core/registry";

// The client shop on its portal: its call, a callback booked on a free slot,
// then its contract.
registry.category("web_tour.tours").add("gesticlean_support_portal_client", {
    steps: () => [
        {
            content: "Its calls",
            trigger: "a:contains('Caisse bloquée')",
            run: "click",
        },
        {
            content: "The call's page, in French",
            trigger: "h5:contains('Rendez-vous de rappel')",
        },
        {
            content: "Book the first free slot",
            trigger: "#gesticlean_callback_slots button",
            run: "click",
        },
        {
            content: "Booked",
            trigger: ".alert-success:contains('Votre rendez-vous de rappel est réservé.')",
        },
        {
            content: "The next free slots are offered again",
            trigger: "#gesticlean_callback_slots button",
        },
    ],
});
