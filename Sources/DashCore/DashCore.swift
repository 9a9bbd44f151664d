// DashCore: pure dashboard core (state, update, view).
