/// How casedash tells the user a run ended, through the terminal: the bell, a desktop
/// notification by OSC 9 (iTerm2, WezTerm, kitty, Windows Terminal) or OSC 777 (rxvt, foot), or
/// nothing. They travel in the terminal stream, so they work over SSH.
public enum NotificationMode: String, Sendable, CaseIterable {
    case bell, osc9, osc777, off
}
