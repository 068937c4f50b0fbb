/** @odoo-module **/
/* License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl). */
import {
    Component,
    onMounted,
    onPatched,
    onWillStart,
    onWillUnmount,
    useRef,
    useState,
} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {loadBundle} from "@web/core/assets";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";

const PERIODS = [7, 30, 90];

/**
 * Management dashboard of the complaint desk.
 *
 * One RPC (complaint.report.get_dashboard_data) brings every figure,
 * aggregated in PostgreSQL and filtered by the record rules; this component
 * only lays them out and draws the trend with the Chart.js bundle of the
 * graph view.
 */
export class ComplaintDashboard extends Component {
    static template = "complaint_reports.ComplaintDashboard";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.chartRef = useRef("trend");
        this.chart = null;
        this.periods = PERIODS;
        this.state = useState({days: 30, data: null, loading: true});
        onWillStart(async () => {
            await Promise.all([loadBundle("web.chartjs_lib"), this.load()]);
        });
        onMounted(() => this.renderChart());
        onPatched(() => this.renderChart());
        onWillUnmount(() => this.chart && this.chart.destroy());
    }

    async load() {
        this.state.loading = true;
        this.state.data = await this.orm.call(
            "complaint.report",
            "get_dashboard_data",
            [],
            {days: this.state.days}
        );
        this.state.loading = false;
    }

    async setPeriod(days) {
        this.state.days = days;
        await this.load();
    }

    get cards() {
        const k = this.state.data.kpis;
        const days = this.state.data.days;
        const cards = [
            {key: "new_today", label: _t("New today"), value: this.int(k.new_today)},
            {key: "backlog", label: _t("Open backlog"), value: this.int(k.backlog)},
            {
                key: "overdue",
                label: _t("Overdue"),
                value: this.int(k.overdue),
                alert: k.overdue > 0,
            },
            {
                key: "period",
                label: _t("First response on time"),
                value: this.pct(k.response_sla_rate),
                hint: _t("Last %s days", days),
            },
            {
                key: "period",
                label: _t("Resolution rate"),
                value: this.pct(k.resolved_rate),
                hint: _t("Last %s days", days),
            },
            {
                key: "period",
                label: _t("Mean time to close"),
                value: this.hours(k.mttr_hours),
                hint: _t("Last %s days", days),
            },
            {
                key: "period",
                label: _t("Repeat complaints"),
                value: this.pct(k.repeat_rate),
                hint: _t("Last %s days", days),
            },
        ];
        if (this.state.data.has_csat) {
            cards.push({
                key: "period",
                label: _t("Satisfaction"),
                value:
                    k.csat === null || k.csat === undefined
                        ? "–"
                        : `${k.csat.toFixed(2)} / 5`,
                hint: _t("%s satisfied", this.pct(k.csat_satisfied)),
            });
        }
        return cards;
    }

    int(value) {
        return (value || 0).toLocaleString();
    }

    pct(value) {
        return value === null || value === undefined ? "–" : `${value.toFixed(1)} %`;
    }

    hours(value) {
        return value === null || value === undefined ? "–" : `${value.toFixed(1)} h`;
    }

    heatStyle(value) {
        const max = this.state.data.heat_map.max || 1;
        const alpha = value ? 0.12 + (0.88 * value) / max : 0;
        const color = alpha > 0.55 ? "#fff" : "inherit";
        return `background-color: rgba(203, 24, 29, ${alpha.toFixed(3)}); color: ${color};`;
    }

    openComplaints(key) {
        const domain = this.state.data.domains[key];
        if (!domain) {
            return;
        }
        this.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Complaint analysis"),
            res_model: "complaint.report",
            views: [
                [false, "list"],
                [false, "pivot"],
                [false, "graph"],
            ],
            domain,
        });
    }

    renderChart() {
        const data = this.state.data;
        if (!data || !this.chartRef.el) {
            return;
        }
        const labels = data.trend.map((point) => point.date.slice(5));
        const datasets = [
            {
                label: _t("Complaints registered"),
                data: data.trend.map((point) => point.total),
                borderColor: "#1f77b4",
                backgroundColor: "rgba(31, 119, 180, 0.15)",
                fill: true,
                tension: 0.25,
            },
            {
                label: _t("Of which closed"),
                data: data.trend.map((point) => point.closed),
                borderColor: "#2ca02c",
                backgroundColor: "rgba(44, 160, 44, 0.1)",
                tension: 0.25,
            },
        ];
        if (this.chart) {
            this.chart.data.labels = labels;
            this.chart.data.datasets = datasets;
            this.chart.update();
            return;
        }
        this.chart = new window.Chart(this.chartRef.el, {
            type: "line",
            data: {labels, datasets},
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: {legend: {position: "bottom"}},
                scales: {y: {beginAtZero: true, ticks: {precision: 0}}},
            },
        });
    }
}

registry.category("actions").add("complaint_reports.dashboard", ComplaintDashboard);
