# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models
from odoo.exceptions import AccessError


class ComplaintDecisionMixin(models.AbstractModel):
    """Decision fields change only through the action that decides them.

    A decision (a state, who approved and when, a required approval level, an
    override, an amount once approved) is checked and logged by an action
    method. ``create()`` and ``write()`` are public over JSON-RPC, so they
    refuse decision fields from anyone but the superuser environment; the
    action checks the caller's right, then writes through
    ``_complaint_write_decision`` (see docs/SECURITY.md).

    Models list their decision fields in ``_complaint_decision_fields()``;
    other addons extend that method with ``super() | {...}``.
    """

    _name = "complaint.decision.mixin"
    _description = "Decision Fields Changed Only Through Their Actions"

    @api.model
    def _complaint_decision_fields(self):
        return set()

    def _complaint_unchanged(self, fname, value):
        """True when writing ``value`` leaves every record as it is (forms
        may send a read-only field back unchanged)."""
        field = self._fields[fname]
        return all(
            field.convert_to_cache(value, record, validate=False)
            == field.convert_to_cache(record[fname], record, validate=False)
            for record in self
        )

    def _complaint_guard_decisions(self, vals_list, create=False):
        if self.env.su:
            return
        protected = self._complaint_decision_fields()
        forged = set()
        for vals in vals_list:
            for fname in protected.intersection(vals):
                if create:
                    default = self.default_get([fname]).get(fname, False)
                    if not vals[fname] or vals[fname] == default:
                        continue
                elif self._complaint_unchanged(fname, vals[fname]):
                    continue
                forged.add(fname)
        if forged:
            labels = ", ".join(
                sorted(self._fields[f]._description_string(self.env) for f in forged)
            )
            raise AccessError(
                self.env._(
                    "%(fields)s of %(model)s can only be changed through the "
                    "buttons of the record (approve, reject, mark as done …), which "
                    "check your rights and record the decision in the event log.",
                    fields=labels,
                    model=self._description,
                )
            )

    def _complaint_write_decision(self, vals):
        """Write decision fields for an action that has checked the right.

        The caller's access rights and record rules still apply: only the
        guard on decision fields is lifted.
        """
        self.check_access("write")
        return self.sudo().write(vals)

    @api.model_create_multi
    def create(self, vals_list):
        self._complaint_guard_decisions(vals_list, create=True)
        return super().create(vals_list)

    def write(self, vals):
        self._complaint_guard_decisions([vals])
        return super().write(vals)
