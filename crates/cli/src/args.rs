//! The command line, defined once. clap derives from it the parser, every usage text
//! (`quyche --help`, `quyche person add --help`, …) and the usage errors (exit 2).
//!
//! Values the rules know (roles, decisions, approval forms, export formats) stay strings
//! here: `quyche-api` parses them, so each list has one home and one error message.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "quyche",
    version,
    about = "Soạn thảo, lấy ý kiến và thông qua quy chế làm việc, trên dòng lệnh.",
    after_help = "Mã thoát: 0 thành công; 2 đầu vào sai; 3 bị quy tắc từ chối; 1 lỗi khác.",
    subcommand_required = true,
    arg_required_else_help = true,
    // A flag given twice keeps its last value, as it always has.
    args_override_self = true
)]
pub struct Cli {
    /// Thư mục cơ sở dữ liệu (mặc định: của ứng dụng, hoặc $QUYCHE_DATA_DIR/db)
    #[arg(long, global = true, value_name = "THƯ_MỤC", help_heading = GLOBAL)]
    pub db: Option<PathBuf>,

    /// Làm với tư cách người này (khi chưa có ai: tên người lưu)
    #[arg(
        long = "as",
        alias = "author",
        global = true,
        value_name = "MÃ_NGƯỜI",
        help_heading = GLOBAL
    )]
    pub actor: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

/// Where `--db` and `--as` are listed in every command's help.
const GLOBAL: &str = "Tùy chọn chung";

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Đếm chương, mục, điều, khoản, điểm của một tệp (một đối tượng JSON)
    Stats(Lazy<File>),
    /// In văn bản chuẩn của một tệp
    Render(Lazy<File>),
    /// Lưu văn bản thành quy chế mới (in mã), hoặc phiên bản mới của quy chế MÃ (in số)
    Import(Lazy<Import>),
    /// Lịch sử phiên bản: số, thời gian, người lưu, mã kiểm tra; --audit: nhật ký kiểm tra
    Log(Lazy<Log>),
    /// Danh sách quy chế: mã, số phiên bản, tên
    List,
    /// In văn bản của một phiên bản đã lưu
    Show(Lazy<Show>),
    /// So sánh hai tệp (CŨ MỚI) hoặc hai phiên bản đã lưu (MÃ SỐ_A SỐ_B)
    Diff(Lazy<Diff>),
    /// Kiểm tra toàn vẹn cơ sở dữ liệu; với TỆP: kiểm tra tệp đã xuất với niêm phong
    Verify(Lazy<Verify>),
    /// Sao lưu toàn bộ cơ sở dữ liệu vào một tệp tự kiểm tra
    Backup(Lazy<Output>),
    /// Khôi phục một tệp sao lưu vào thư mục cơ sở dữ liệu mới (--db, chưa có hoặc trống)
    Restore(Lazy<Restore>),
    /// Người tham gia: thêm, liệt kê
    #[command(subcommand)]
    Person(Lazy<Person>),
    /// Đợt lấy ý kiến: mở, đóng
    #[command(subcommand)]
    Round(Lazy<Round>),
    /// Ý kiến góp ý: thêm, giải quyết
    #[command(subcommand)]
    Comment(Lazy<Comment>),
    /// Các ý kiến về một quy chế (JSON)
    Comments(Lazy<Comments>),
    /// Trình dự thảo để biểu quyết
    Submit(Lazy<Regulation>),
    /// Trả lại dự thảo đã trình
    Return(Lazy<Return>),
    /// Ghi kết quả biểu quyết; khi thông qua, in niêm phong
    Approve(Lazy<Approve>),
    /// Ghi bảng tổng hợp tiếp thu, giải trình ý kiến
    Report(Lazy<Report>),
    /// Xuất văn bản đã thông qua, có niêm phong
    Export(Lazy<Export>),
    /// Chữ ký số (khóa ký) của máy này: tạo, xuất thẻ, xem
    #[command(subcommand)]
    Identity(Lazy<Identity>),
    /// Gói lấy ý kiến của đợt đang mở, ký bằng khóa của máy này
    Package(Lazy<Package>),
    /// Mở gói lấy ý kiến thành bản chỉ đọc (in mã quy chế)
    Open(Lazy<OpenPackage>),
    /// Đóng các góp ý chưa gửi thành tệp góp ý, ký bằng khóa của máy này
    Bundle(Lazy<Bundle>),
    /// Nhập tệp góp ý (in số góp ý mới)
    ImportBundle(Lazy<ImportBundle>),
    /// Bản lấy ý kiến bằng Word (DOCX) của đợt đang mở, cho người --as góp ý
    ReviewCopy(Lazy<ReviewCopy>),
    /// Nhập bản lấy ý kiến Word có góp ý trả về: lời bình và sửa có theo dõi thành góp ý
    ImportWordReview(Lazy<ImportWordReview>),
    /// Tham chiếu trong văn bản (khoản 2 Điều 7 của Luật này…) của một tệp, hoặc của quy chế MÃ
    Refs(Lazy<Refs>),
    /// Tìm trong thư viện: văn bản mới nhất của mỗi quy chế và các ý kiến góp ý
    Search(Lazy<Search>),
    /// Soạn cấu trúc: thêm, chuyển, xoá một điều; tham chiếu được đánh số lại
    #[command(subcommand)]
    Article(Lazy<Article>),
    /// Soạn cấu trúc: thêm, chuyển, xoá, nâng, hạ một khoản; tham chiếu được đánh số lại
    #[command(subcommand)]
    Clause(Lazy<Clause>),
    /// Soạn cấu trúc: thêm, chuyển, xoá, đổi tên một chương; tham chiếu được đánh số lại
    #[command(subcommand)]
    Chapter(Lazy<Chapter>),
    /// Tài liệu nguồn (quy chế của cấp trên, Điều lệ): nhập (in mã tài liệu nguồn)
    #[command(subcommand)]
    Source(Lazy<Source>),
    /// Danh sách tài liệu nguồn: mã, số điều, tên
    Sources,
    /// Lấy Điều N của tài liệu nguồn vào dự thảo, trước hoặc sau Điều M (in số phiên bản mới)
    Take(Lazy<Take>),
    /// So sánh Điều N của dự thảo với điều nguồn nó được lấy từ
    CompareSource(Lazy<CompareSource>),
    /// Soạn quy chế mới theo mẫu (in mã quy chế)
    New(Lazy<New>),
}

/// A command's arguments, defined when that command is the one given.
///
/// clap builds every command it knows before it parses: the arguments of all forty
/// commands, each a few allocations, for a `quyche diff` that uses one. Behind `Lazy`, a
/// command is its name and its one line of help until clap enters it, so a short command
/// no longer pays for the others (0.14 ms of a tiny diff's 1.24, docs/benchmarks.md). What
/// clap checks and prints is the same: `--help`, the usage errors and the definition's
/// own checks (`debug_assert`) build the deferred part first.
#[derive(Debug)]
pub struct Lazy<T>(pub T);

impl<T: clap::FromArgMatches> clap::FromArgMatches for Lazy<T> {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches(matches).map(Lazy)
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        T::from_arg_matches_mut(matches).map(Lazy)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches(matches)
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        self.0.update_from_arg_matches_mut(matches)
    }
}

impl<T: Args> Args for Lazy<T> {
    fn group_id() -> Option<clap::Id> {
        T::group_id()
    }

    fn augment_args(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_args))
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_args_for_update))
    }
}

impl<T: Subcommand> Subcommand for Lazy<T> {
    fn augment_subcommands(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_subcommands))
    }

    fn augment_subcommands_for_update(cmd: clap::Command) -> clap::Command {
        cmd.defer(|cmd| keep_about(cmd, T::augment_subcommands_for_update))
    }

    fn has_subcommand(name: &str) -> bool {
        T::has_subcommand(name)
    }
}

/// Adds a type's arguments or commands to its command, keeping the command's help line.
///
/// Undeferred, the derive adds the type's part (with the type's doc comment as `about`)
/// and then sets the variant's doc comment over it; deferred, the type's part comes last,
/// so the variant's line, already set, is put back.
fn keep_about(cmd: clap::Command, augment: fn(clap::Command) -> clap::Command) -> clap::Command {
    let about = cmd.get_about().cloned();
    let long_about = cmd.get_long_about().cloned();
    let cmd = augment(cmd);
    match (about, long_about) {
        (None, _) => cmd,
        (Some(about), None) => cmd.about(about).long_about(clap::builder::Resettable::Reset),
        (Some(about), Some(long_about)) => cmd.about(about).long_about(long_about),
    }
}

/// `article`: structure edits, each saved as one revision. N and M are article numbers as
/// shown (`Điều N`).
#[derive(Debug, Subcommand)]
pub enum Article {
    /// Thêm một điều mới trước hoặc sau Điều N (in số phiên bản mới)
    Insert(ArticleInsert),
    /// Chuyển Điều N lên trước hoặc xuống sau Điều M (in số phiên bản mới)
    Move(ArticleMove),
    /// Xoá Điều N; mã thoát 3 khi điều đó đang được tham chiếu mà không có --force
    Delete(ArticleDelete),
    /// Tách Điều N thành hai: khoản K (hoặc đoạn K của điều không có khoản) bắt đầu điều mới
    Split(ArticleSplit),
    /// Gộp Điều N+1 vào Điều N (in số phiên bản mới)
    Merge(UnitAt),
    /// Đổi tên Điều N (in số phiên bản mới)
    Retitle(ArticleRetitle),
}

#[derive(Debug, Args)]
pub struct ArticleSplit {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều cần tách
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Khoản K (hoặc đoạn K) bắt đầu điều mới
    #[arg(long, value_name = "K", value_parser = number)]
    pub at: u32,
}

/// A regulation and a number: `article merge ID N`.
#[derive(Debug, Args)]
pub struct UnitAt {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều
    #[arg(value_name = "N", value_parser = number)]
    pub number: u32,
}

#[derive(Debug, Args)]
pub struct ArticleRetitle {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Tên mới
    #[arg(long, value_name = "TÊN")]
    pub title: String,
}

/// `clause`: structure edits on the clauses of Điều N, each one revision.
#[derive(Debug, Subcommand)]
pub enum Clause {
    /// Thêm một khoản vào Điều N, trước hoặc sau khoản K, hoặc cuối điều (in số phiên bản mới)
    Insert(ClauseInsert),
    /// Chuyển khoản K của Điều N, trong điều đó hoặc sang điều khác (--to) (in số phiên bản mới)
    Move(ClauseMove),
    /// Xoá khoản K của Điều N; mã thoát 3 khi khoản đó đang được tham chiếu mà không có --force
    Delete(ClauseDelete),
    /// Nâng điểm P của khoản K Điều N thành khoản ngay sau khoản K (các điểm sau nó đi theo)
    Promote(ClausePromote),
    /// Hạ khoản K của Điều N thành điểm cuối của khoản K-1 (các điểm của nó đi theo)
    Demote(ClauseAt),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("place").args(["after", "before"])))]
pub struct ClauseInsert {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Đặt sau khoản K
    #[arg(long, value_name = "K", value_parser = number)]
    pub after: Option<u32>,
    /// Đặt trước khoản K
    #[arg(long, value_name = "K", value_parser = number)]
    pub before: Option<u32>,
    /// Nội dung khoản mới (các điểm “a)” trên các dòng sau)
    #[arg(long, value_name = "NỘI_DUNG")]
    pub text: String,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("place").args(["after", "before"])))]
pub struct ClauseMove {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Số khoản cần chuyển
    #[arg(value_name = "K", value_parser = number)]
    pub clause: u32,
    /// Sang Điều M (mặc định: cùng điều); không có --after/--before: thành khoản cuối
    #[arg(long, value_name = "M", value_parser = number)]
    pub to: Option<u32>,
    /// Đặt sau khoản J (của điều đích)
    #[arg(long, value_name = "J", value_parser = number)]
    pub after: Option<u32>,
    /// Đặt trước khoản J (của điều đích)
    #[arg(long, value_name = "J", value_parser = number)]
    pub before: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ClauseDelete {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Số khoản cần xoá
    #[arg(value_name = "K", value_parser = number)]
    pub clause: u32,
    /// Xoá cả khi khoản đó đang được tham chiếu
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ClausePromote {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Số khoản
    #[arg(value_name = "K", value_parser = number)]
    pub clause: u32,
    /// Chữ của điểm (a, b, …, đ, …)
    #[arg(value_name = "P")]
    pub point: String,
}

#[derive(Debug, Args)]
pub struct ClauseAt {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Số khoản
    #[arg(value_name = "K", value_parser = number)]
    pub clause: u32,
}

/// `chapter`: structure edits on chapters (numbered 1, 2, … for Chương I, II, …).
#[derive(Debug, Subcommand)]
pub enum Chapter {
    /// Thêm một chương (chưa có điều) trước hoặc sau chương C (in số phiên bản mới)
    Insert(ChapterInsert),
    /// Chuyển chương C lên trước hoặc xuống sau chương D, cùng các điều của nó
    Move(ChapterMove),
    /// Xoá chương C và các điều của nó; mã thoát 3 khi đang được tham chiếu mà không có --force
    Delete(ChapterDelete),
    /// Đổi tên chương C (in số phiên bản mới)
    Retitle(ChapterRetitle),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("place").required(true).args(["after", "before"])))]
pub struct ChapterInsert {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Đặt sau chương C
    #[arg(long, value_name = "C", value_parser = number)]
    pub after: Option<u32>,
    /// Đặt trước chương C
    #[arg(long, value_name = "C", value_parser = number)]
    pub before: Option<u32>,
    /// Tên chương mới
    #[arg(long, value_name = "TÊN")]
    pub title: String,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("place").required(true).args(["after", "before"])))]
pub struct ChapterMove {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số chương cần chuyển
    #[arg(value_name = "C", value_parser = number)]
    pub chapter: u32,
    /// Đặt sau chương D
    #[arg(long, value_name = "D", value_parser = number)]
    pub after: Option<u32>,
    /// Đặt trước chương D
    #[arg(long, value_name = "D", value_parser = number)]
    pub before: Option<u32>,
}

#[derive(Debug, Args)]
pub struct ChapterDelete {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số chương cần xoá
    #[arg(value_name = "C", value_parser = number)]
    pub chapter: u32,
    /// Xoá cả khi chương đó đang được tham chiếu
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ChapterRetitle {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số chương
    #[arg(value_name = "C", value_parser = number)]
    pub chapter: u32,
    /// Tên mới
    #[arg(long, value_name = "TÊN")]
    pub title: String,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("place").required(true).args(["after", "before"])))]
#[command(after_help = "Tệp: dòng đầu là tên điều, tiếp theo là các khoản “1.” và điểm “a)”, \
như khi sửa một điều trong ứng dụng.")]
pub struct ArticleInsert {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Đặt sau Điều N
    #[arg(long, value_name = "N", value_parser = number)]
    pub after: Option<u32>,
    /// Đặt trước Điều N
    #[arg(long, value_name = "N", value_parser = number)]
    pub before: Option<u32>,
    /// Tệp văn bản của điều mới
    #[arg(long, value_name = "TỆP")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("place").required(true).args(["after", "before"])))]
pub struct ArticleMove {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều cần chuyển
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Đặt sau Điều M
    #[arg(long, value_name = "M", value_parser = number)]
    pub after: Option<u32>,
    /// Đặt trước Điều M
    #[arg(long, value_name = "M", value_parser = number)]
    pub before: Option<u32>,
}

#[derive(Debug, Args)]
#[command(after_help = "Mỗi tham chiếu tới điều bị xoá được in ra stderr và trong văn bản \
được thay bằng “[tham chiếu không còn]”.")]
pub struct ArticleDelete {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều cần xoá
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Xoá cả khi điều đó đang được tham chiếu
    #[arg(long)]
    pub force: bool,
}

/// `source`: source texts to draft from, kept read-only, never reviewed.
#[derive(Debug, Subcommand)]
pub enum Source {
    /// Nhập một tệp văn bản làm tài liệu nguồn (in mã; nhập lại cùng tệp: cùng mã)
    Import(File),
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("place").required(true).args(["after", "before"])))]
#[command(after_help = "Tham chiếu tới điều khác của tài liệu nguồn được giữ thành chữ, \
ghi rõ văn bản nguồn, và in ra stderr (“… (của văn bản nguồn) — chưa có trong dự thảo”).")]
pub struct Take {
    /// Mã quy chế (dự thảo)
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Mã tài liệu nguồn
    #[arg(long = "from", value_name = "MÃ_NGUỒN")]
    pub source: String,
    /// Số điều trong tài liệu nguồn
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Đặt sau Điều M của dự thảo
    #[arg(long, value_name = "M", value_parser = number)]
    pub after: Option<u32>,
    /// Đặt trước Điều M của dự thảo
    #[arg(long, value_name = "M", value_parser = number)]
    pub before: Option<u32>,
}

#[derive(Debug, Args)]
pub struct CompareSource {
    /// Mã quy chế (dự thảo)
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều trong dự thảo
    #[arg(value_name = "N", value_parser = number)]
    pub article: u32,
    /// Dạng kết quả
    #[arg(long, value_enum, value_name = "DẠNG", default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,
}

#[derive(Debug, Args)]
pub struct Restore {
    /// Tệp sao lưu (do `quyche backup` ghi)
    #[arg(value_name = "TỆP")]
    pub backup: PathBuf,
}

#[derive(Debug, Args)]
pub struct File {
    /// Tệp
    #[arg(value_name = "TỆP")]
    pub file: PathBuf,
}

#[derive(Debug, Args)]
pub struct Log {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Nhật ký kiểm tra thay cho lịch sử: số, thời gian, người làm (X thay mặt Y khi ghi hộ),
    /// việc, phiên bản, chi tiết, mã nhận dạng khóa của máy
    #[arg(long)]
    pub audit: bool,
}

#[derive(Debug, Args)]
pub struct Regulation {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
}

#[derive(Debug, Args)]
pub struct Import {
    /// Tệp văn bản (.txt)
    #[arg(value_name = "TỆP")]
    pub file: PathBuf,
    /// Lưu thành phiên bản mới của quy chế này
    #[arg(long, value_name = "MÃ")]
    pub into: Option<String>,
}

#[derive(Debug, Args)]
pub struct Show {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số phiên bản (mặc định: mới nhất)
    #[arg(long, value_name = "SỐ", value_parser = number)]
    pub rev: Option<u32>,
}

#[derive(Debug, Args)]
pub struct Diff {
    /// Tệp cũ, hoặc mã quy chế
    #[arg(value_name = "CŨ|MÃ")]
    pub first: String,
    /// Tệp mới, hoặc số phiên bản cũ
    #[arg(value_name = "MỚI|SỐ_A")]
    pub second: String,
    /// Số phiên bản mới (khi so hai phiên bản đã lưu)
    #[arg(value_name = "SỐ_B")]
    pub third: Option<String>,
    /// Dạng kết quả
    #[arg(long, value_enum, value_name = "DẠNG", default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Tệp ghi ra (bắt buộc với --format docx và pdf, chỉ dùng với hai dạng đó)
    #[arg(short, long, value_name = "TỆP")]
    pub output: Option<PathBuf>,
}

/// `new`: a regulation from a template. The template stays a string: `quyche-api` parses
/// it, so the list of templates has one home and one message.
#[derive(Debug, Args)]
#[command(after_help = "Mẫu: bch (Ban Chấp hành), btv (Ban Thường vụ và Văn phòng), \
ubkt (Ủy ban Kiểm tra), blank (trang trắng: phần đầu văn bản, Chương I, Điều 1).")]
pub struct New {
    /// Mẫu: bch, btv, ubkt hoặc blank
    #[arg(long, value_name = "MẪU")]
    pub template: String,
    /// Tên quy chế, thay cho tên của mẫu (dòng dưới “QUY CHẾ”)
    #[arg(long, value_name = "TÊN")]
    pub title: Option<String>,
}

/// `refs`: a file's references, or (with `--db` or `--rev`) a stored regulation's.
#[derive(Debug, Args)]
#[command(after_help = "Không có --db và --rev: đọc TỆP; có --db hoặc --rev: quy chế MÃ đã lưu. \
Mỗi dòng: nơi có tham chiếu, tham chiếu theo số hiện tại → đơn vị được trỏ tới; tham chiếu \
không trỏ tới đơn vị nào được liệt kê sau cùng (“không có …”).")]
pub struct Refs {
    /// Tệp văn bản, hoặc mã quy chế (với --db)
    #[arg(value_name = "TỆP|MÃ")]
    pub source: String,
    /// Số phiên bản (mặc định: mới nhất)
    #[arg(long, value_name = "SỐ", value_parser = number)]
    pub rev: Option<u32>,
    /// Dạng kết quả
    #[arg(long, value_enum, value_name = "DẠNG", default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Gõ không dấu thì bỏ qua dấu (“quy che” tìm được “quy chế”, “d” tìm được “đ”); gõ có dấu thì \
tìm đúng dấu, chỉ không phân biệt chỗ đặt dấu thanh (“hòa” và “hoà”). Không phân biệt chữ hoa. \
Mỗi dòng: mã quy chế, phiên bản, nơi tìm thấy (điểm, khoản, Điều), đoạn văn có từ cần tìm \
trong «»; dòng cuối: số kết quả.")]
pub struct Search {
    /// Từ cần tìm
    #[arg(value_name = "TỪ")]
    pub query: String,
    /// Chỉ tìm trong quy chế này
    #[arg(long, value_name = "MÃ")]
    pub regulation: Option<String>,
    /// Tìm trong phiên bản này của quy chế (mặc định: mới nhất; cần --regulation)
    #[arg(long, value_name = "SỐ", value_parser = number, requires = "regulation")]
    pub rev: Option<u32>,
    /// Dạng kết quả
    #[arg(long, value_enum, value_name = "DẠNG", default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DiffFormat {
    Json,
    Text,
    Html,
    // Word, the changes as tracked changes; needs `-o FILE` (see `Diff::output`).
    Docx,
    // PDF, inserted words underlined and deleted ones struck through; needs `-o FILE`.
    Pdf,
}

#[derive(Debug, Args)]
#[command(after_help = "Với TỆP, mã thoát: 0 khớp niêm phong, chữ ký hợp lệ và khóa được tin cậy \
(--card, hoặc danh sách người và chữ ký số của --db, khi cơ sở dữ liệu có quyết định đó); \
3 chữ ký hợp lệ nhưng khóa chưa được tin cậy; 1 tệp bị sửa, chữ ký sai hoặc niêm phong chưa ký.")]
pub struct Verify {
    /// Tệp đã xuất (docx, html, md, txt); không có: kiểm tra cơ sở dữ liệu
    #[arg(value_name = "TỆP")]
    pub file: Option<PathBuf>,
    /// Tin khóa trên thẻ chữ ký số này (.quyche-id); dùng được nhiều lần
    #[arg(long = "card", value_name = "THẺ", requires = "file")]
    pub cards: Vec<PathBuf>,
    /// Dạng kết quả khi kiểm tra TỆP
    #[arg(long, value_enum, value_name = "DẠNG", default_value_t = VerifyFormat::Text, requires = "file")]
    pub format: VerifyFormat,
}

/// `verify FILE --format`: the lines for people, or one JSON object.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum VerifyFormat {
    Text,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Person {
    /// Thêm người theo tên, hoặc theo thẻ chữ ký số (in mã người)
    Add(PersonAdd),
    /// Danh sách: mã, vai trò, tên, chức vụ
    List,
}

#[derive(Debug, Args)]
pub struct PersonAdd {
    /// Họ tên
    #[arg(long, value_name = "TÊN", required_unless_present = "card", allow_hyphen_values = true)]
    pub name: Option<String>,
    /// Vai trò: chairman, member hoặc secretary
    #[arg(long, value_name = "VAI_TRÒ")]
    pub role: String,
    /// Chức vụ
    #[arg(long, value_name = "CHỨC_VỤ", allow_hyphen_values = true)]
    pub position: Option<String>,
    /// Thẻ chữ ký số (quyche identity export) thay cho --name
    #[arg(long, value_name = "THẺ")]
    pub card: Option<PathBuf>,
    /// Chấp nhận khóa mới của một người đã có
    #[arg(long)]
    pub confirm_key_change: bool,
}

#[derive(Debug, Subcommand)]
pub enum Round {
    /// Mở đợt lấy ý kiến (in mã đợt)
    Open(RoundOpen),
    /// Đóng đợt lấy ý kiến đang mở
    Close(Regulation),
}

#[derive(Debug, Args)]
pub struct RoundOpen {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Hạn góp ý
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub deadline: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum Comment {
    /// Góp ý vào một điều, khoản, điểm (in mã ý kiến)
    Add(CommentAdd),
    /// Giải quyết một ý kiến
    Resolve(CommentResolve),
}

#[derive(Debug, Args)]
pub struct CommentAdd {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Số điều
    #[arg(long, value_name = "N", value_parser = number)]
    pub article: u32,
    /// Số khoản
    #[arg(long, value_name = "N", value_parser = number)]
    pub clause: Option<u32>,
    /// Chữ của điểm (a, b, c, d, đ, …)
    #[arg(long, value_name = "a")]
    pub point: Option<String>,
    /// Đoạn văn được góp ý, đúng như trong văn bản
    #[arg(long, value_name = "ĐOẠN", allow_hyphen_values = true)]
    pub quote: String,
    /// Nội dung ý kiến
    #[arg(long, value_name = "Ý_KIẾN", allow_hyphen_values = true)]
    pub text: String,
    /// Đề xuất sửa thành
    #[arg(long, value_name = "ĐỀ_XUẤT", allow_hyphen_values = true)]
    pub propose: Option<String>,
}

#[derive(Debug, Args)]
pub struct CommentResolve {
    /// Mã ý kiến
    #[arg(value_name = "MÃ_Ý_KIẾN")]
    pub comment: String,
    /// Quyết định: accepted, partly, explained hoặc rejected
    #[arg(long, value_name = "QUYẾT_ĐỊNH")]
    pub decision: String,
    /// Lý do
    #[arg(long, value_name = "LÝ_DO", default_value = "", allow_hyphen_values = true)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct Comments {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Dạng kết quả
    #[arg(long, value_enum, value_name = "DẠNG", default_value_t = CommentsFormat::Json)]
    pub format: CommentsFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum CommentsFormat {
    Json,
}

#[derive(Debug, Args)]
pub struct Return {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Lý do
    #[arg(long, value_name = "LÝ_DO", default_value = "", allow_hyphen_values = true)]
    pub reason: String,
}

#[derive(Debug, Args)]
pub struct Approve {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Hình thức biểu quyết: meeting hoặc written
    #[arg(long, value_name = "HÌNH_THỨC")]
    pub form: String,
    /// Tổng số thành viên
    #[arg(long, value_name = "N", value_parser = number)]
    pub members: u32,
    /// Số phiếu tán thành
    #[arg(long = "for", value_name = "N", value_parser = number)]
    pub votes_for: u32,
    /// Số phiếu không tán thành
    #[arg(long, value_name = "N", value_parser = number, default_value_t = 0)]
    pub against: u32,
    /// Số phiếu không biểu quyết
    #[arg(long, value_name = "N", value_parser = number, default_value_t = 0)]
    pub abstain: u32,
    /// Số quyết định ban hành
    #[arg(long, value_name = "SỐ", allow_hyphen_values = true)]
    pub decision_no: String,
    /// Ngày biểu quyết
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub date: String,
}

#[derive(Debug, Args)]
pub struct Report {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Dạng tệp: html, docx hoặc pdf
    #[arg(long, value_name = "DẠNG")]
    pub format: String,
    /// Tệp ghi ra
    #[arg(short, long, value_name = "TỆP")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct Export {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Dạng tệp: docx, html, md, txt, pdf hoặc akn (Akoma Ntoso 3.0)
    #[arg(long, value_name = "DẠNG")]
    pub format: String,
    /// Tệp ghi ra
    #[arg(short, long, value_name = "TỆP")]
    pub output: PathBuf,
    /// Phiên bản cần xuất (chỉ với --format akn; bản chưa thông qua ghi là dự thảo)
    #[arg(long, value_name = "SỐ")]
    pub rev: Option<u32>,
    /// Bộ ban hành: Quyết định ban hành rồi Quy chế, một tệp (chỉ với --format docx hoặc pdf)
    #[arg(long)]
    pub promulgation: bool,
}

#[derive(Debug, Subcommand)]
pub enum Identity {
    /// Tạo khóa ký của máy này (in mã nhận dạng khóa để đọc to đối chiếu)
    Create(IdentityCreate),
    /// Ghi thẻ chữ ký số (khóa công khai) để gửi cho chủ tịch
    Export(Output),
    /// Tên, chức vụ, mã khóa và mã nhận dạng khóa của máy này
    Show,
}

#[derive(Debug, Args)]
pub struct IdentityCreate {
    /// Họ tên
    #[arg(long, value_name = "TÊN", allow_hyphen_values = true)]
    pub name: String,
    /// Chức vụ
    #[arg(long, value_name = "CHỨC_VỤ", default_value = "", allow_hyphen_values = true)]
    pub position: String,
}

#[derive(Debug, Args)]
pub struct Output {
    /// Tệp ghi ra
    #[arg(short, long, value_name = "TỆP")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct Package {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Tệp ghi ra
    #[arg(short, long, value_name = "TỆP")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct OpenPackage {
    /// Tệp gói lấy ý kiến
    #[arg(value_name = "TỆP")]
    pub file: PathBuf,
    /// Mã nhận dạng khóa của Chủ tịch, đã đối chiếu qua điện thoại: cần khi mở gói đầu
    /// tiên của một quy chế mà khóa đó chưa có trên máy này (khoảng trắng, hoa thường
    /// không kể)
    #[arg(long, value_name = "DẤU_VÂN_TAY")]
    pub trust: Option<String>,
}

#[derive(Debug, Args)]
pub struct ImportBundle {
    /// Tệp góp ý
    #[arg(value_name = "TỆP")]
    pub file: PathBuf,
    /// Chủ tịch nhận tệp góp ý đến sau khi đợt lấy ý kiến đã đóng hoặc văn bản đã thông qua,
    /// ghi là nộp muộn
    #[arg(long)]
    pub late: bool,
}

#[derive(Debug, Args)]
pub struct Bundle {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Tệp ghi ra
    #[arg(short, long, value_name = "TỆP")]
    pub output: PathBuf,
    /// Ghi lại tệp góp ý đã gửi gần nhất (cùng mã, cùng số, cùng góp ý), khi tệp trước bị
    /// mất; bên nhận coi là tệp đã nhận, không thêm gì
    #[arg(long)]
    pub again: bool,
}

/// `review-copy`: the open round's text as a Word file for one reviewer (`--as`).
#[derive(Debug, Args)]
pub struct ReviewCopy {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Tệp ghi ra (.docx)
    #[arg(short, long, value_name = "TỆP")]
    pub output: PathBuf,
}

/// `import-word-review`: a review copy returned with Word comments and tracked changes.
/// The person is `--reviewer`: `--author` is already the global `--as`.
#[derive(Debug, Args)]
pub struct ImportWordReview {
    /// Mã quy chế
    #[arg(value_name = "MÃ")]
    pub regulation: String,
    /// Tệp Word trả về (.docx)
    #[arg(value_name = "TỆP")]
    pub file: PathBuf,
    /// Ghi mọi góp ý trong tệp cho người này (mã hoặc họ tên), thay cho tên tác giả trong Word
    #[arg(long, value_name = "NGƯỜI", allow_hyphen_values = true)]
    pub reviewer: Option<String>,
    /// Dạng kết quả
    #[arg(long, value_enum, value_name = "DẠNG", default_value_t = VerifyFormat::Text)]
    pub format: VerifyFormat,
}

/// A count or a number on the command line: surrounding spaces are forgiven.
pub fn number(s: &str) -> Result<u32, String> {
    s.trim().parse::<u32>().map_err(|_| format!("cần một số, không phải \u{201c}{s}\u{201d}"))
}
