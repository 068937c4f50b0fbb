# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import fields, http
from odoo.addons.helpdesk_mgmt.controllers.main import HelpdeskTicketController
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from werkzeug.exceptions import Forbidden, NotFound

from ..intake import Intake, IntakeRefused, catalogue, files
from ..intake.catalogue import PRODUCT_SEARCH_LIMIT
from ..intake.form import MAX_LENGTHS, clean_text, intake_config

_logger = logging.getLogger(__name__)

# Posted keys that are never echoed back into a re-rendered form.
NOT_ECHOED = ("csrf_token", "homepage", "attachments", "access_token")


class ComplaintFormMixin:
    """The complaint form, shared by the public page ``/complaint/new``
    (guests and store QR codes) and the portal page ``/my/complaints/new``.

    The form gathers what is posted and renders the result; the checks, the
    limits and the creation are the intake's (``intake.pipeline.Intake``).
    """

    def _complaint_csrf_error(self):
        return request.env._(
            "This form has expired or was not sent from our site. Please check "
            "your entries and send it again."
        )

    def _complaint_uploaded_files(self, field="attachments"):
        """``(filename, content)`` of the uploaded files (``files.read_uploads``)."""
        return files.read_uploads(
            request.env,
            [
                (storage.filename, storage)
                for storage in request.httprequest.files.getlist(field)
                if storage
            ],
        )

    def _complaint_echo(self, post):
        return {
            key: value
            for key, value in post.items()
            if isinstance(value, str) and key not in NOT_ECHOED
        }

    def _complaint_form_values(self, mode, form=None, errors=None, store=None):
        env = request.env
        config = intake_config(env)
        user = env.user
        form = dict(form or {})
        errors = errors or {}
        product_choices = env["product.product"]
        if errors.get("product_id") and form.get("product_name"):
            # Typed without picking from the list and several products
            # match: they are offered as choices (also without JavaScript).
            product_choices = catalogue.match_product(env, form["product_name"])[1]
            form.pop("product_id", None)
        if not form and not user._is_public():
            partner = user.partner_id
            form.update(
                name=partner.name or "",
                email=partner.email or "",
                phone=partner.phone or partner.mobile or "",
            )
        return {
            "mode": mode,
            "form": form,
            "errors": errors,
            "store": store,
            "category_groups": catalogue.portal_category_groups(env),
            "product_choices": product_choices,
            # In the page's language (names are searched in it).
            "product_search_url": env["ir.http"]._url_for("/complaint/products"),
            "demands": env["helpdesk.ticket"]
            ._fields["demand"]
            ._description_selection(env),
            "config": config,
            "accept": files.accept_attribute(config),
            "max_lengths": MAX_LENGTHS,
            "allow_anonymous": env.company.complaint_allow_anonymous,
            "today": fields.Date.context_today(user).isoformat(),
            "form_action": "/my/complaints/new"
            if mode == "portal"
            else "/complaint/new",
            "page_name": "complaint_new",
        }

    def _complaint_submit(self, mode, post, store=None):
        """Check and create a complaint.

        :return: ``(ticket, errors, status)``; ticket is None when refused.
        """
        if not request.validate_csrf(post.get("csrf_token")):
            return None, {"csrf": self._complaint_csrf_error()}, 400
        if post.get("homepage"):
            # Honeypot: a field people do not see, filled in by robots.
            return (
                None,
                {
                    "form": request.env._(
                        "Your complaint could not be sent. Please try again."
                    )
                },
                400,
            )
        user = request.env.user
        if mode == "portal":
            channel = request.env.ref("consumer_complaint.channel_portal")
        elif store:
            channel = request.env.ref("consumer_complaint.channel_store_qr")
        else:
            channel = request.env.ref("consumer_complaint.channel_web_form")
        intake = Intake(
            request.env,
            channel,
            partner=None if user._is_public() else user.partner_id,
            store=store,
            address=request.httprequest.remote_addr,
        )
        uploaded = self._complaint_uploaded_files()
        try:
            checked = intake.check(post, uploaded)
        except IntakeRefused as refused:
            errors = dict(refused.errors)
            if refused.status == 400 and uploaded:
                # The browser does not send the files again with the form.
                errors.setdefault(
                    "attachments", request.env._("Please attach your files again.")
                )
            return None, errors, refused.status
        try:
            ticket = intake.create(*checked)
        except (UserError, ValidationError, AccessError) as exc:
            _logger.info("Online complaint refused: %s", exc)
            return None, {"form": str(exc.args[0] if exc.args else exc)}, 400
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
            # Another submission committed first (the event log chains every
            # complaint of a company): Odoo replays the whole request.
            raise
        except Exception:
            _logger.exception("Online complaint could not be registered")
            return (
                None,
                {
                    "form": request.env._(
                        "Your complaint could not be registered because of a "
                        "technical problem. Please try again later or call our "
                        "hotline."
                    )
                },
                503,
            )
        return ticket, {}, 200


class ComplaintPublicController(HelpdeskTicketController, ComplaintFormMixin):
    @http.route("/ticket/close", type="http", auth="user")
    def support_ticket_close(self, **kw):
        """Close a ticket from the portal, only when the user may see it.

        Replaces the helpdesk_mgmt route, which looked the ticket up with
        sudo() and changed its stage without checking access.
        """
        try:
            ticket_id = int(kw.get("ticket_id") or 0)
            stage_id = int(kw.get("stage_id") or 0)
        except ValueError as exc:
            raise NotFound() from exc
        ticket = request.env["helpdesk.ticket"].browse(ticket_id)
        if not ticket_id or not ticket.sudo().exists():
            raise NotFound()
        try:
            ticket.check_access("read")
            if not request.env.user.share:
                # Internal users close only what they may edit.
                ticket.check_access("write")
        except AccessError as exc:
            raise Forbidden() from exc
        ticket_sudo = ticket.sudo()
        stage = request.env["helpdesk.ticket.stage"].sudo().browse(stage_id).exists()
        if (
            not stage
            or not stage.close_from_portal
            or stage not in ticket_sudo.team_id._get_applicable_stages()
        ):
            raise Forbidden()
        try:
            with request.env.cr.savepoint():
                ticket_sudo.stage_id = stage
        except UserError as exc:
            _logger.info("Ticket %s not closed from the portal: %s", ticket_id, exc)
        return request.redirect(ticket_sudo.access_url)

    def _get_categories(self, **kw):
        # helpdesk_mgmt's own ticket form: complaints are filed on the
        # complaint form, which checks what the customer sends.
        categories = super()._get_categories(**kw)
        return categories - categories.sudo().filtered_domain(
            catalogue.category_domain()
        )

    def _prepare_submit_ticket_vals(self, **kw):
        vals = super()._prepare_submit_ticket_vals(**kw)
        category = (
            request.env["helpdesk.ticket.category"]
            .sudo()
            .browse(vals.get("category_id"))
            .exists()
        )
        if category and category.filtered_domain(catalogue.category_domain()):
            # A complaint category posted to the helpdesk form would make a
            # complaint without the complaint form's checks.
            vals["category_id"] = False
        return vals

    @http.route(
        "/complaint/products",
        type="http",
        auth="public",
        website=True,
        methods=["GET"],
        sitemap=False,
    )
    def complaint_products(self, q=None, limit=None, **kw):
        """Products matching what a customer types in the complaint form's
        product field: ``{"products": [{"id", "name"}]}``, at most
        PRODUCT_SEARCH_LIMIT, only products on sale. Empty or overlong
        searches are refused: the catalogue is not listed whole."""
        text = clean_text(q)
        if not text or len(text) > MAX_LENGTHS["product_name"]:
            return request.make_json_response(
                {
                    "error": request.env._(
                        "Type between 1 and %(max)s characters of the product "
                        "name or reference.",
                        max=MAX_LENGTHS["product_name"],
                    )
                },
                status=400,
            )
        try:
            limit = int(limit) if limit else PRODUCT_SEARCH_LIMIT
        except (TypeError, ValueError):
            limit = PRODUCT_SEARCH_LIMIT
        products = catalogue.search_products(request.env, text, limit=limit)
        return request.make_json_response(
            {"products": [{"id": p.id, "name": p.display_name} for p in products]},
            headers=[("Cache-Control", "no-store")],
        )

    @http.route(
        "/complaint/new",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,  # checked by _complaint_submit, with a readable message
        sitemap=True,
    )
    def complaint_new(self, **post):
        """Public complaint form; ``?store=<code>`` presets the store (QR)."""
        store_code = post.get("store") if isinstance(post.get("store"), str) else ""
        store = (
            request.env["complaint.store"]._complaint_find_by_code(store_code)
            if store_code
            else None
        )
        if request.httprequest.method != "POST":
            values = self._complaint_form_values("public", store=store)
            values["unknown_store"] = bool(store_code and not store)
            return request.render("consumer_complaint.complaint_public_form", values)
        if store_code and not store:
            errors, status, ticket = (
                {
                    "form": request.env._(
                        "This store is unknown. Please scan the code again."
                    )
                },
                400,
                None,
            )
        else:
            ticket, errors, status = self._complaint_submit("public", post, store=store)
        if ticket:
            return request.redirect(
                f"/complaint/thanks/{ticket.id}?access_token={ticket._portal_ensure_token()}"
            )
        values = self._complaint_form_values(
            "public", form=self._complaint_echo(post), errors=errors, store=store
        )
        return request.render(
            "consumer_complaint.complaint_public_form", values, status=status
        )

    @http.route(
        "/complaint/confirm/<int:ticket_id>",
        type="http",
        auth="public",
        website=True,
        methods=["GET", "POST"],
        csrf=False,  # checked below, with a readable message
        sitemap=False,
    )
    def complaint_link_confirm(self, ticket_id, token=None, **post):
        """The link e-mailed to a known customer whose phone or e-mail a
        guest typed: the page asks them to confirm (a GET, which mail
        scanners also open, changes nothing); the confirmation attaches the
        complaint to them, once."""
        Ticket = request.env["helpdesk.ticket"]
        token = token if isinstance(token, str) else ""
        values = {"token": token, "ticket_id": ticket_id, "error": False}
        if request.httprequest.method != "POST":
            found = Ticket._complaint_link_check(ticket_id, token)
            values.update(complaint=found and found[0], done=False)
            return request.render(
                "consumer_complaint.complaint_link_confirm",
                values,
                status=200 if found else 403,
            )
        if not request.validate_csrf(post.get("csrf_token")):
            found = Ticket._complaint_link_check(ticket_id, token)
            values.update(
                complaint=found and found[0],
                done=False,
                error=self._complaint_csrf_error(),
            )
            return request.render(
                "consumer_complaint.complaint_link_confirm", values, status=400
            )
        ticket = Ticket._complaint_link_confirm(ticket_id, token)
        values.update(
            complaint=ticket,
            done=bool(ticket),
            tracking_url=ticket and ticket._complaint_tracking_url(),
        )
        return request.render(
            "consumer_complaint.complaint_link_confirm",
            values,
            status=200 if ticket else 403,
        )
