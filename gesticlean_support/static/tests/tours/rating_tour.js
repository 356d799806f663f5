import { registry } from "@web/core/registry";

registry.category("web_tour.tours").add("gesticlean_support_rating", {
    steps: () => [
        {
            content: "The smiley of the e-mail link is preselected",
            trigger: ".o_gesticlean_smiley_5 input:checked",
        },
        {
            content: "1. Choose another smiley",
            trigger: ".o_gesticlean_smiley_3",
            run: "click",
        },
        {
            content: "2. Leave a comment",
            trigger: "textarea[name=feedback]",
            run: "edit Rappel rapide, merci",
        },
        {
            content: "3. Validate",
            trigger: ".o_gesticlean_rating_submit",
            run: "click",
        },
        {
            content: "Thank-you page",
            trigger: ".o_gesticlean_rating_thanks:contains('Rappel rapide, merci')",
        },
    ],
});
