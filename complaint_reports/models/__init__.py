from . import complaint_spike_alert
from . import res_config_settings
