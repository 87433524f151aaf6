fn main() {
    // The app package's manifest is the repository root, so point tauri-build at the
    // capabilities kept beside the app's sources.
    let attrs =
        tauri_build::Attributes::new().capabilities_path_pattern("./src-tauri/capabilities/**/*");
    tauri_build::try_build(attrs).expect("tauri-build failed");
}
