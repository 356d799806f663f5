"""Fields that only the module's own actions write: states, derived values, links.

``readonly=True`` only hides a field in a form: JSON-RPC ``write`` and ``create``
still take it. A model that inherits ``gesticlean.protected.fields`` names its
protected fields, and ``create``/``write`` refuse them (AccessError, nothing
written) unless the call comes from the module's code:

- ``_gesticlean_protected_fields``: never taken from a client, neither at creation
  nor later (states, computed amounts, links to invoices, the confirming user);
- ``_gesticlean_frozen_fields``: given once at creation (from the form), then
  changed only by the module's actions (e.g. the contract a request is about).

The module's actions write them in :meth:`_gesticlean_protected_write`'s context.
Its marker is a Python object, which no JSON-RPC request can carry (a context sent
by a client holds only JSON values), so a client cannot forge it. Superuser writes
(``sudo()``, crons, installation) are trusted as usual. Writing a field's current
value is accepted (a form may send back what it shows); a protected field's
``default_<field>`` in a client's context is dropped.
"""

from odoo import api, models
from odoo.exceptions import AccessError

#: The context value of the module's own writes of protected fields.
PROTECTED_WRITE = object()
_CONTEXT_KEY = "gesticlean_protected_write"


class GesticleanProtectedFields(models.AbstractModel):
    _name = "gesticlean.protected.fields"
    _description = "Fields written only through the module's actions"

    #: refused in create() and write() from a client
    _gesticlean_protected_fields = ()
    #: accepted in create(), refused in write() from a client
    _gesticlean_frozen_fields = ()

    def _gesticlean_protected_write(self):
        """These records in the context where protected fields may be written:
        for the module's actions, after they have checked who calls them."""
        return self.with_context(**{_CONTEXT_KEY: PROTECTED_WRITE})

    def _gesticlean_is_trusted_write(self):
        return self.env.su or self.env.context.get(_CONTEXT_KEY) is PROTECTED_WRITE

    def _gesticlean_raise_protected(self, names):
        labels = ", ".join(
            f"« {self._fields[name]._description_string(self.env)} »"
            for name in sorted(names)
        )
        raise AccessError(
            self.env._(
                "%(fields)s (%(model)s) can only be changed through the actions of "
                "the support module, not directly.",
                fields=labels,
                model=self._description,
            )
        )

    def _gesticlean_changed_fields(self, vals, names):
        """The fields of ``names`` whose value in ``vals`` differs from one of
        the records' current values (compared as superuser: a form may show a
        link whose records its user cannot read)."""
        changed = set()
        for name in names:
            field = self._fields[name]
            for record in self.sudo():
                new = field.convert_to_record(
                    field.convert_to_cache(vals[name], record), record
                )
                if new != record[name]:
                    changed.add(name)
                    break
        return changed

    @api.model_create_multi
    def create(self, vals_list):
        if (
            self._gesticlean_protected_fields
            and not self._gesticlean_is_trusted_write()
        ):
            protected = set(self._gesticlean_protected_fields)
            given = {name for vals in vals_list for name in vals} & protected
            if given:
                self._gesticlean_raise_protected(given)
            # a client's context may carry defaults too: they are not taken
            defaults = {f"default_{name}" for name in protected} & set(self.env.context)
            if defaults:
                context = {
                    key: value
                    for key, value in self.env.context.items()
                    if key not in defaults
                }
                records = self.with_env(self.env(context=context))
                return super(GesticleanProtectedFields, records).create(vals_list)
        return super().create(vals_list)

    def write(self, vals):
        guarded = set(self._gesticlean_protected_fields) | set(
            self._gesticlean_frozen_fields
        )
        if guarded and not self._gesticlean_is_trusted_write():
            changed = self._gesticlean_changed_fields(vals, guarded & set(vals))
            if changed:
                self._gesticlean_raise_protected(changed)
        return super().write(vals)
