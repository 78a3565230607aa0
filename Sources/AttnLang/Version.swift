/// attn's version, as `attn --version`, the REPL banner and the Jupyter kernel report it.
public enum AttnVersion {
    public static let number = "0.1.0"
}
