pub mod docx;
pub mod law;
