"""Reports over the register: the analytics dashboard, charts, register filters and exports."""
