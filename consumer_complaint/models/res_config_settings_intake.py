# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

# File kinds recognised from their first bytes (see helpdesk_ticket_portal.py).
INTAKE_FILE_KINDS = ("png", "jpeg", "gif", "webp", "pdf")

# Defaults used when a parameter is not set (ir.config_parameter keys).
INTAKE_DEFAULTS = {
    "consumer_complaint.intake_max_files": 5,
    "consumer_complaint.intake_max_file_size_mb": 10,
    "consumer_complaint.intake_allowed_types": ",".join(INTAKE_FILE_KINDS),
    "consumer_complaint.intake_rate_ip_hour": 5,
    "consumer_complaint.intake_rate_contact_day": 3,
}


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_intake_max_files = fields.Integer(
        string="Attachments per submission",
        config_parameter="consumer_complaint.intake_max_files",
        default=INTAKE_DEFAULTS["consumer_complaint.intake_max_files"],
        help="Largest number of files a customer can attach to a complaint or a "
        "message on the portal and the public form (1 to 20).",
    )
    complaint_intake_max_file_size = fields.Integer(
        string="Largest attachment (MB)",
        config_parameter="consumer_complaint.intake_max_file_size_mb",
        default=INTAKE_DEFAULTS["consumer_complaint.intake_max_file_size_mb"],
        help="Size limit of each attached file, in megabytes (1 to 50).",
    )
    complaint_intake_allowed_types = fields.Char(
        string="Allowed attachment types",
        config_parameter="consumer_complaint.intake_allowed_types",
        default=INTAKE_DEFAULTS["consumer_complaint.intake_allowed_types"],
        help="Comma-separated list among png, jpeg, gif, webp and pdf. The type is "
        "recognised from the content of the file, not from its name.",
    )
    complaint_intake_rate_ip = fields.Integer(
        string="Complaints per network address and hour",
        config_parameter="consumer_complaint.intake_rate_ip_hour",
        default=INTAKE_DEFAULTS["consumer_complaint.intake_rate_ip_hour"],
        help="Online complaints accepted from one network address within an hour; "
        "more are refused as probable spam. Set a high number to lift the limit.",
    )
    complaint_intake_rate_contact = fields.Integer(
        string="Complaints per phone or e-mail and day",
        config_parameter="consumer_complaint.intake_rate_contact_day",
        default=INTAKE_DEFAULTS["consumer_complaint.intake_rate_contact_day"],
        help="Online complaints accepted for one phone number or e-mail address "
        "within 24 hours. Set a high number to lift the limit.",
    )
    complaint_intake_team_id = fields.Many2one(
        "helpdesk.ticket.team",
        string="Team for online complaints",
        config_parameter="consumer_complaint.intake_team_id",
        domain="[('is_complaint_team', '=', True)]",
        help="Receives the complaints of the portal, the public form and store QR "
        "codes whose category and store name no team. Without it, the first "
        "complaint team of the company is used.",
    )

    @api.constrains(
        "complaint_intake_max_files",
        "complaint_intake_max_file_size",
        "complaint_intake_allowed_types",
        "complaint_intake_rate_ip",
        "complaint_intake_rate_contact",
    )
    def _check_complaint_intake(self):
        for settings in self:
            if not 1 <= settings.complaint_intake_max_files <= 20:
                raise ValidationError(
                    self.env._("Attachments per submission must be between 1 and 20.")
                )
            if not 1 <= settings.complaint_intake_max_file_size <= 50:
                raise ValidationError(
                    self.env._("The largest attachment must be between 1 and 50 MB.")
                )
            kinds = [
                kind.strip().lower()
                for kind in (settings.complaint_intake_allowed_types or "").split(",")
                if kind.strip()
            ]
            unknown = [kind for kind in kinds if kind not in INTAKE_FILE_KINDS]
            if unknown or not kinds:
                raise ValidationError(
                    self.env._(
                        "Allowed attachment types: choose among %(kinds)s.",
                        kinds=", ".join(INTAKE_FILE_KINDS),
                    )
                )
            if (
                settings.complaint_intake_rate_ip < 1
                or settings.complaint_intake_rate_contact < 1
            ):
                raise ValidationError(
                    self.env._("The complaint rate limits must be at least 1.")
                )
