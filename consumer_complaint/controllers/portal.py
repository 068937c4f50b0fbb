# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from urllib.parse import urlencode

from odoo import http
from odoo.addons.helpdesk_mgmt.controllers.myaccount import CustomerPortalHelpdesk
from odoo.addons.portal.controllers.portal import pager as portal_pager
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request
from odoo.osv import expression
from odoo.tools import consteq, is_html_empty
from werkzeug.exceptions import Forbidden, NotFound

from ..intake.files import IMAGE_MIMETYPES, accept_attribute
from ..intake.form import MAX_LENGTHS, intake_config
from ..intake.reply import check_message, check_reason
from .main import ComplaintFormMixin


class ComplaintCustomerPortal(CustomerPortalHelpdesk, ComplaintFormMixin):
    """``/my/complaints``: the customer's complaints, their detail page (also
    reached by guests with the tracking link) and what the customer can do.

    Extends the helpdesk portal so that ``/my/ticket/<id>`` of a complaint
    leads to the complaint page."""

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------

    def _complaint_portal_domain(self):
        partner = request.env.user.partner_id.commercial_partner_id
        return [
            ("is_complaint", "=", True),
            "|",
            ("partner_id", "child_of", partner.id),
            ("message_partner_ids", "child_of", [partner.id]),
        ]

    def _prepare_home_portal_values(self, counters):
        # helpdesk_mgmt's "Tickets" counter would count complaints too: it is
        # computed here without them.
        values = super()._prepare_home_portal_values(
            [counter for counter in counters if counter != "ticket_count"]
        )
        Ticket = request.env["helpdesk.ticket"]
        readable = Ticket.has_access("read")
        if "complaint_count" in counters:
            values["complaint_count"] = (
                Ticket.search_count(self._complaint_portal_domain()) if readable else 0
            )
        if "ticket_count" in counters:
            values["ticket_count"] = (
                Ticket.search_count([("is_complaint", "=", False)]) if readable else 0
            )
        if not counters:
            # The home page itself: its "Tickets" entry only where tickets
            # other than complaints exist or can be filed.
            values["complaint_hide_tickets"] = not self._complaint_helpdesk_in_use()
        return values

    def _complaint_helpdesk_in_use(self):
        """Whether the company runs helpdesk teams besides its complaint teams,
        or the user has helpdesk tickets that are not complaints."""
        company = request.env.company
        if (
            request.env["helpdesk.ticket.team"]
            .sudo()
            .search_count(
                [
                    ("is_complaint_team", "=", False),
                    ("company_id", "in", [company.id, False]),
                ],
                limit=1,
            )
        ):
            return True
        Ticket = request.env["helpdesk.ticket"]
        return Ticket.has_access("read") and bool(
            Ticket.search_count([("is_complaint", "=", False)], limit=1)
        )

    def _complaint_get(self, ticket_id, access_token=None):
        """The complaint, sudoed, once the user's access (or token) is checked."""
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token or None
            )
        except MissingError as exc:
            raise NotFound() from exc
        except AccessError as exc:
            raise Forbidden() from exc
        if not ticket_sudo.is_complaint:
            raise NotFound()
        return ticket_sudo

    def _complaint_url(self, ticket, access_token=None, **params):
        if access_token:
            params["access_token"] = access_token
        query = f"?{urlencode(params)}" if params else ""
        return f"/my/complaints/{ticket.id}{query}"

    def _complaint_author(self, ticket):
        user = request.env.user
        return ticket.partner_id if user._is_public() else user.partner_id

    def _complaint_page_values(
        self, ticket, access_token, errors=None, form=None, **kw
    ):
        Ticket = request.env["helpdesk.ticket"]
        config = intake_config(request.env)
        show_solution = ticket.complaint_state in (
            "feedback",
            "execution",
            "followup",
            "archived",
        )
        done_messages = {
            "submitted": request.env._(
                "Thank you. Your complaint %(number)s has been registered.",
                number=ticket.number,
            ),
            "message": request.env._("Your message has been sent."),
            "accepted": request.env._("Thank you, you accepted the solution."),
            "rejected": request.env._(
                "You rejected the solution; your complaint has been escalated."
            ),
            "withdrawn": request.env._("Your complaint has been withdrawn."),
        }
        values = {
            # Not "ticket": helpdesk_mgmt's breadcrumbs react to that name.
            "complaint": ticket,
            "page_name": "complaint",
            "access_token": access_token,
            "status": ticket._complaint_portal_status(),
            "deadline_text": ticket._complaint_portal_deadline_text(),
            "submitted_text": ticket._complaint_portal_format_dt(ticket.create_date),
            "timeline": ticket._complaint_portal_timeline(),
            "attachments": ticket._complaint_portal_attachments(),
            "compensation_lines": ticket._complaint_portal_compensation(),
            "can_answer": ticket._complaint_portal_can_answer(),
            "rejection": ticket._complaint_portal_rejection(),
            "can_withdraw": ticket._complaint_portal_can_withdraw(),
            "show_solution": show_solution,
            "demand_label": dict(
                Ticket._fields["demand"]._description_selection(request.env)
            ).get(ticket.demand, ""),
            "errors": errors or {},
            "form": form or {},
            "success": done_messages.get(kw.get("done")),
            "config": config,
            "accept": accept_attribute(config),
            "max_lengths": MAX_LENGTHS,
            "image_mimetypes": IMAGE_MIMETYPES,
            "is_html_empty": is_html_empty,
        }
        return self._get_page_view_values(
            ticket, access_token, values, "my_complaints_history", False
        )

    def _complaint_render_page(self, ticket, access_token, status=200, **kw):
        values = self._complaint_page_values(ticket, access_token, **kw)
        return request.render(
            "consumer_complaint.portal_complaint_page", values, status=status
        )

    def _complaint_action(self, ticket_id, post, action, done):
        """Run a customer action after the access and CSRF checks.

        ``action(ticket)`` returns a dict of errors (empty when done); it runs
        in a savepoint so that a refusal leaves nothing half-written.
        """
        access_token = post.get("access_token") or None
        ticket = self._complaint_get(ticket_id, access_token)
        if not request.env.user.share:
            # Staff answer for the customer in the back office, with their own
            # rights: reading a complaint (or holding the customer's link)
            # does not let a read-only analyst accept a solution or post to
            # the customer in the company's name.
            try:
                ticket.with_user(request.env.user).check_access("write")
            except AccessError as exc:
                raise Forbidden() from exc
        form = self._complaint_echo(post)
        if not request.validate_csrf(post.get("csrf_token")):
            return self._complaint_render_page(
                ticket,
                access_token,
                status=400,
                errors={"csrf": self._complaint_csrf_error()},
                form=form,
            )
        errors = {}
        try:
            with request.env.cr.savepoint():
                errors = action(ticket)
                if errors:
                    raise UserError(next(iter(errors.values())))
        except UserError as exc:
            errors = errors or {"form": str(exc.args[0] if exc.args else exc)}
        if errors:
            return self._complaint_render_page(
                ticket, access_token, status=400, errors=errors, form=form
            )
        if access_token and not consteq(ticket.access_token or "", access_token):
            # The action ended the tracking link (withdrawal): its page no
            # longer opens with it, so the outcome is shown here, once.
            return request.render(
                "consumer_complaint.complaint_link_ended",
                {"complaint": ticket, "status": ticket._complaint_portal_status()},
            )
        return request.redirect(
            self._complaint_url(ticket, access_token, done=done) + "#complaint_timeline"
        )

    # ------------------------------------------------------------------
    # List, form, thanks, detail
    # ------------------------------------------------------------------

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(self, page=1, sortby=None, filterby=None, **kw):
        Ticket = request.env["helpdesk.ticket"]
        if not Ticket.has_access("read"):
            return request.redirect("/my")
        searchbar_sortings = {
            "date": {
                "label": request.env._("Newest"),
                "order": "create_date desc, id desc",
            },
            "number": {
                "label": request.env._("Number"),
                "order": "number desc, id desc",
            },
            "update": {
                "label": request.env._("Last update"),
                "order": "last_stage_update desc, id desc",
            },
        }
        searchbar_filters = {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {
                "label": request.env._("In progress"),
                "domain": [("stage_id.closed", "=", False)],
            },
            "closed": {
                "label": request.env._("Closed"),
                "domain": [("stage_id.closed", "=", True)],
            },
        }
        sortby = sortby if sortby in searchbar_sortings else "date"
        filterby = filterby if filterby in searchbar_filters else "all"
        domain = expression.AND(
            [self._complaint_portal_domain(), searchbar_filters[filterby]["domain"]]
        )
        count = Ticket.search_count(domain)
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby, "filterby": filterby},
            total=count,
            page=page,
            step=self._items_per_page,
        )
        tickets = Ticket.search(
            domain,
            order=searchbar_sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = tickets.ids[:100]
        values = self._prepare_portal_layout_values()
        values.update(
            {
                # Shown with the customer's rights checked by the search above.
                "tickets": tickets.sudo(),
                "page_name": "complaint",
                "default_url": "/my/complaints",
                "pager": pager,
                "searchbar_sortings": searchbar_sortings,
                "searchbar_filters": searchbar_filters,
                "sortby": sortby,
                "filterby": filterby,
            }
        )
        return request.render("consumer_complaint.portal_my_complaints", values)

    @http.route(
        "/my/complaints/new",
        type="http",
        auth="user",
        website=True,
        methods=["GET", "POST"],
        csrf=False,  # checked by _complaint_submit, with a readable message
    )
    def portal_complaint_new(self, **post):
        values = self._prepare_portal_layout_values()
        if request.httprequest.method != "POST":
            values.update(self._complaint_form_values("portal"))
            return request.render("consumer_complaint.portal_complaint_new", values)
        ticket, errors, status = self._complaint_submit("portal", post)
        if ticket:
            return request.redirect(self._complaint_url(ticket, done="submitted"))
        values.update(
            self._complaint_form_values(
                "portal", form=self._complaint_echo(post), errors=errors
            )
        )
        return request.render(
            "consumer_complaint.portal_complaint_new", values, status=status
        )

    @http.route(
        "/complaint/thanks/<int:ticket_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def complaint_thanks(self, ticket_id, access_token=None, **kw):
        ticket = self._complaint_get(ticket_id, access_token)
        return request.render(
            "consumer_complaint.complaint_thanks",
            {
                "complaint": ticket,
                "tracking_path": self._complaint_url(
                    ticket, ticket._portal_ensure_token()
                ),
                "tracking_url": ticket._complaint_tracking_url(),
                "status": ticket._complaint_portal_status(),
                "deadline_text": ticket._complaint_portal_deadline_text(),
            },
        )

    @http.route(
        "/my/complaints/<int:ticket_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def portal_complaint_page(self, ticket_id, access_token=None, done=None, **kw):
        if request.env.user._is_public() and not access_token:
            # Same answer whether the complaint exists or not: ids are not probed.
            return request.redirect(
                "/web/login?" + urlencode({"redirect": f"/my/complaints/{ticket_id}"})
            )
        ticket = self._complaint_get(ticket_id, access_token)
        return self._complaint_render_page(ticket, access_token, done=done)

    @http.route(
        "/my/complaints/<int:ticket_id>/attachment/<int:attachment_id>",
        type="http",
        auth="public",
        website=True,
        sitemap=False,
    )
    def portal_complaint_attachment(
        self, ticket_id, attachment_id, access_token=None, download=None, **kw
    ):
        ticket = self._complaint_get(ticket_id, access_token)
        attachment = ticket._complaint_portal_attachments().filtered(
            lambda a: a.id == attachment_id
        )
        if not attachment:
            raise NotFound()
        stream = request.env["ir.binary"]._get_stream_from(attachment)
        as_attachment = bool(download) or attachment.mimetype not in IMAGE_MIMETYPES
        return stream.get_response(as_attachment=as_attachment)

    @http.route(
        ["/my/tickets", "/my/tickets/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_tickets(self, page=1, **kw):
        """helpdesk_mgmt's ticket list without the complaints, which have
        their own list (and whose stages are not the helpdesk's)."""
        request.update_context(complaint_hide_complaints=True)
        response = super().portal_my_tickets(page=page, **kw)
        filters = (getattr(response, "qcontext", None) or {}).get("searchbar_filters")
        if filters:
            complaint_stages = (
                request.env["helpdesk.ticket.stage"]
                .sudo()
                .search([("complaint_state", "!=", False)])
            )
            for stage in complaint_stages:
                filters.pop(str(stage.id), None)
        return response

    @http.route(
        ["/my/ticket/<int:ticket_id>"], type="http", auth="public", website=True
    )
    def portal_my_ticket(self, ticket_id, access_token=None, **kw):
        """Complaints have their own page: the helpdesk one would list the
        files of internal notes and offer helpdesk closing stages."""
        try:
            ticket_sudo = self._document_check_access(
                "helpdesk.ticket", ticket_id, access_token=access_token or None
            )
        except (AccessError, MissingError):
            ticket_sudo = None
        if ticket_sudo and ticket_sudo.is_complaint:
            return request.redirect(self._complaint_url(ticket_sudo, access_token))
        return super().portal_my_ticket(ticket_id, access_token=access_token, **kw)

    # ------------------------------------------------------------------
    # Customer actions
    # ------------------------------------------------------------------

    @http.route(
        "/my/complaints/<int:ticket_id>/message",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        csrf=False,  # checked by _complaint_action, with a readable message
    )
    def portal_complaint_message(self, ticket_id, **post):
        def action(ticket):
            text, prepared, errors = check_message(
                request.env, post.get("message"), self._complaint_uploaded_files()
            )
            if ticket.complaint_state in ("archived", "withdrawn") and not errors:
                errors["form"] = request.env._(
                    "This complaint is closed. To complain again, please file a "
                    "new complaint."
                )
            if errors:
                return errors
            ticket._complaint_portal_post(
                text, prepared, self._complaint_author(ticket)
            )
            return {}

        return self._complaint_action(ticket_id, post, action, "message")

    @http.route(
        "/my/complaints/<int:ticket_id>/accept",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        csrf=False,
    )
    def portal_complaint_accept(self, ticket_id, **post):
        def action(ticket):
            if not ticket._complaint_portal_can_answer():
                return {
                    "form": request.env._(
                        "There is no solution waiting for your answer."
                    )
                }
            ticket._complaint_customer_accept()
            return {}

        return self._complaint_action(ticket_id, post, action, "accepted")

    @http.route(
        "/my/complaints/<int:ticket_id>/reject",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        csrf=False,
    )
    def portal_complaint_reject(self, ticket_id, **post):
        def action(ticket):
            if not ticket._complaint_portal_can_answer():
                return {
                    "form": request.env._(
                        "There is no solution waiting for your answer."
                    )
                }
            errors = {}
            reason = check_reason(
                request.env, post.get("reason"), errors, required=True
            )
            if errors:
                return errors
            ticket._complaint_customer_reject(reason)
            return {}

        return self._complaint_action(ticket_id, post, action, "rejected")

    @http.route(
        "/my/complaints/<int:ticket_id>/withdraw",
        type="http",
        auth="public",
        website=True,
        methods=["POST"],
        csrf=False,
    )
    def portal_complaint_withdraw(self, ticket_id, **post):
        def action(ticket):
            if not ticket._complaint_portal_can_withdraw():
                return {
                    "form": request.env._("This complaint can no longer be withdrawn.")
                }
            errors = {}
            reason = check_reason(
                request.env, post.get("withdraw_reason"), errors, key="withdraw_reason"
            )
            if errors:
                return errors
            # Access was checked by _complaint_action: the move runs as superuser.
            ticket._complaint_portal_withdraw(reason, self._complaint_author(ticket))
            return {}

        return self._complaint_action(ticket_id, post, action, "withdrawn")
