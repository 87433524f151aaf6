fn main() { quyche_app::run() }
