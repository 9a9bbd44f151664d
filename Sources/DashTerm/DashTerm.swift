// DashTerm: the ncurses backend.
