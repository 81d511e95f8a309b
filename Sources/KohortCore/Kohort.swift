/// Version information shared by the command line and the terminal interface.
public enum Kohort {
    public static let version = "0.1.0"
}
