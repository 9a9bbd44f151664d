import DashCore
import Foundation

/// The control sequences casedash writes itself (notifications, clipboard). The text in them
/// was sanitised by the core; these functions only frame it.
public enum TerminalSequences {
    static let esc = "\u{1B}"
    static let bel = "\u{07}"

    /// The sequence for a notification, or nil for the bell (rung through curses) and `off`.
    public static func notification(_ text: String, mode: NotificationMode, inTmux: Bool) -> String? {
        let body = String(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && !(0x80..<0xA0).contains($0.value) }
            .prefix(200).map(Character.init))
        let seq: String
        switch mode {
        case .bell, .off: return nil
        case .osc9: seq = "\(esc)]9;\(body)\(bel)"
        case .osc777: seq = "\(esc)]777;notify;casedash;\(body)\(bel)"
        }
        return inTmux ? tmuxPassthrough(seq) : seq
    }

    /// OSC 52: puts text on the clipboard of the terminal the user sits at (tmux forwards it with
    /// `set-clipboard on`).
    public static func clipboard(_ text: String) -> String {
        "\(esc)]52;c;\(Data(text.utf8).base64EncodedString())\(bel)"
    }

    /// tmux forwards a sequence to the outer terminal only inside its passthrough frame, with
    /// every ESC doubled (it needs `set -g allow-passthrough on`).
    public static func tmuxPassthrough(_ sequence: String) -> String {
        "\(esc)Ptmux;" + sequence.replacingOccurrences(of: esc, with: esc + esc) + "\(esc)\\"
    }
}
