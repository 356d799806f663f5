import { registry } from "@web/core/registry";
import { PhoneField, formPhoneField, phoneField } from "@web/views/fields/phone/phone_field";
import { useInputField } from "@web/views/fields/input_field_hook";

/**
 * A phone number stored in E.164 ("+33450451234") shown as people read it
 * ("04 50 45 12 34"): the server's `<field>_display`, when the view has it.
 * Any format may be typed: the server normalises what is saved.
 */
function phoneForPeople(props) {
    const stored = props.record.data[props.name] || "";
    const shown = props.record.data[`${props.name}_display`];
    return stored && shown ? shown : stored;
}

export class GesticleanPhoneField extends PhoneField {
    static template = "gesticlean_support.PhoneField";
    setup() {
        useInputField({ getValue: () => phoneForPeople(this.props) });
    }
    get phoneForPeople() {
        return phoneForPeople(this.props);
    }
}

export class GesticleanFormPhoneField extends GesticleanPhoneField {
    static template = "gesticlean_support.FormPhoneField";
}

registry.category("fields").add("gesticlean_phone", {
    ...phoneField,
    component: GesticleanPhoneField,
});
registry.category("fields").add("form.gesticlean_phone", {
    ...formPhoneField,
    component: GesticleanFormPhoneField,
});
