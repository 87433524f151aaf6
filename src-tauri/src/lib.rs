//! The desktop shell: setup, state and one-line commands into `quyche-api`.
//!
//! Nothing here decides anything. Every command forwards to [`Quyche`], which the CLI
//! and the tests call too; keep it that way, so no rule lives only behind the window.

mod dialog;
mod startup;

use std::path::PathBuf;

use dialog::FileKind;
use quyche_api::{
    Actor, ApiError, ApprovalForm, ApprovalView, BundleImportView, CommentRedline, CommentView,
    Decision, ExportView, IdentityView, ImportResult, PackagePreview, PersonView, PickedFile,
    Quyche, RedlineView, RegulationSummary, RegulationView, RevisionInfo, Role, RoundDashboard,
    RoundView, SearchScope, SearchView, Target, VerificationView, VoteInput, WordReviewImport,
    WorkProgress, WorkflowView,
};
use tauri::{AppHandle, Manager, State};

type Result<T> = std::result::Result<T, ApiError>;

#[tauri::command(async)]
#[specta::specta]
fn list_regulations(q: State<'_, Quyche>) -> Result<Vec<RegulationSummary>> {
    q.list_regulations()
}

#[tauri::command(async)]
#[specta::specta]
fn open_regulation(
    q: State<'_, Quyche>,
    regulation_id: String,
    revision: Option<u32>,
) -> Result<RegulationView> {
    q.open_regulation(&regulation_id, revision)
}

#[tauri::command(async)]
#[specta::specta]
fn history(q: State<'_, Quyche>, regulation_id: String) -> Result<Vec<RevisionInfo>> {
    q.history(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn audit_log(
    q: State<'_, Quyche>,
    regulation_id: String,
) -> Result<Vec<quyche_api::AuditLogEntry>> {
    q.audit_log(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn save_article(
    q: State<'_, Quyche>,
    regulation_id: String,
    base_revision: u32,
    article_id: u32,
    text: String,
) -> Result<RevisionInfo> {
    q.save_article(&regulation_id, base_revision, article_id, &text, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn edit_structure(
    q: State<'_, Quyche>,
    regulation_id: String,
    base_revision: u32,
    edit: quyche_api::StructureEdit,
) -> Result<quyche_api::StructureView> {
    q.edit_structure(&regulation_id, base_revision, edit, Actor::Current)
}

/// Undo / redo of the session's structure edits: the document of `to_revision` saved again.
#[tauri::command(async)]
#[specta::specta]
fn restore_revision(
    q: State<'_, Quyche>,
    regulation_id: String,
    base_revision: u32,
    to_revision: u32,
    direction: quyche_api::Restore,
) -> Result<RevisionInfo> {
    q.restore_revision(&regulation_id, base_revision, to_revision, direction, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn article_for_editing(
    q: State<'_, Quyche>,
    regulation_id: String,
    article_id: u32,
) -> Result<quyche_api::EditableArticle> {
    q.article_for_editing(&regulation_id, article_id)
}

#[tauri::command(async)]
#[specta::specta]
fn save_article_runs(
    q: State<'_, Quyche>,
    regulation_id: String,
    base_revision: u32,
    article: quyche_api::EditedArticle,
) -> Result<quyche_api::ArticleSaved> {
    q.save_article_runs(&regulation_id, base_revision, article, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn reference_targets(
    q: State<'_, Quyche>,
    regulation_id: String,
) -> Result<Vec<quyche_api::ReferenceTarget>> {
    q.reference_targets(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn links_in(
    q: State<'_, Quyche>,
    regulation_id: String,
    text: String,
) -> Result<Vec<quyche_api::Run>> {
    q.links_in(&regulation_id, &text)
}

#[tauri::command(async)]
#[specta::specta]
fn pasted_text(q: State<'_, Quyche>, text: String) -> Result<quyche_api::PastedText> {
    q.pasted_text(&text)
}

#[tauri::command(async)]
#[specta::specta]
fn import_file(app: AppHandle, q: State<'_, Quyche>, work: u32) -> Result<Option<ImportResult>> {
    q.import_picked(dialog::pick(&app, FileKind::Regulation)?, Actor::Current, Some(work))
}

#[tauri::command(async)]
#[specta::specta]
fn import_revision(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
    work: u32,
) -> Result<Option<ImportResult>> {
    q.import_revision_picked(
        &regulation_id,
        dialog::pick(&app, FileKind::RevisedText)?,
        Actor::Current,
        Some(work),
    )
}

#[tauri::command(async)]
#[specta::specta]
fn redline(
    q: State<'_, Quyche>,
    regulation_id: String,
    from_revision: u32,
    to_revision: u32,
) -> Result<RedlineView> {
    q.redline(&regulation_id, from_revision, to_revision)
}

/// Asks for the text to compare a revision with, and holds it: the window compares it
/// again when the revision changes (`redline_with_file`), without asking again.
#[tauri::command(async)]
#[specta::specta]
fn pick_compared_text(app: AppHandle, q: State<'_, Quyche>) -> Result<Option<PickedFile>> {
    q.hold_picked(dialog::pick(&app, FileKind::ComparedText)?)
}

#[tauri::command(async)]
#[specta::specta]
fn redline_with_file(
    q: State<'_, Quyche>,
    regulation_id: String,
    revision: u32,
    file: u32,
) -> Result<RedlineView> {
    q.redline_with_held(&regulation_id, revision, file)
}

/// Searches the library, or one regulation (its latest revision, or `revision`), and the
/// comments on it.
#[tauri::command(async)]
#[specta::specta]
fn search(
    q: State<'_, Quyche>,
    query: String,
    regulation_id: Option<String>,
    revision: Option<u32>,
) -> Result<SearchView> {
    q.search(&query, SearchScope { regulation: regulation_id.as_deref(), revision })
}

#[tauri::command(async)]
#[specta::specta]
fn people(q: State<'_, Quyche>) -> Result<Vec<PersonView>> {
    q.people()
}

#[tauri::command(async)]
#[specta::specta]
fn add_person(
    q: State<'_, Quyche>,
    name: String,
    role: Role,
    position: String,
) -> Result<PersonView> {
    q.add_person(Actor::Current, &name, role, &position)
}

#[tauri::command(async)]
#[specta::specta]
fn current_user(q: State<'_, Quyche>) -> Result<Option<PersonView>> {
    q.current_user()
}

#[tauri::command(async)]
#[specta::specta]
fn set_current_user(q: State<'_, Quyche>, person_id: String) -> Result<PersonView> {
    q.set_current_user(&person_id)
}

/// The first start's state: whether the window asks who you are, the roles, the owner,
/// the library's lead action.
#[tauri::command(async)]
#[specta::specta]
fn first_start(q: State<'_, Quyche>) -> Result<quyche_api::FirstStartView> {
    q.first_start()
}

/// The first-start dialog's answer: identity, person and current user, as one.
#[tauri::command(async)]
#[specta::specta]
fn start_here(
    q: State<'_, Quyche>,
    name: String,
    position: String,
    role: Role,
) -> Result<PersonView> {
    q.start_here(&name, &position, role)
}

#[tauri::command(async)]
#[specta::specta]
fn remove_sample(q: State<'_, Quyche>, regulation_id: String) -> Result<()> {
    q.remove_sample(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn workflow(q: State<'_, Quyche>, regulation_id: String) -> Result<WorkflowView> {
    q.workflow(&regulation_id, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn open_round(
    q: State<'_, Quyche>,
    regulation_id: String,
    deadline: Option<String>,
) -> Result<RoundView> {
    q.open_round(&regulation_id, Actor::Current, deadline.as_deref())
}

#[tauri::command(async)]
#[specta::specta]
fn close_round(q: State<'_, Quyche>, regulation_id: String) -> Result<RoundView> {
    q.close_round(&regulation_id, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn comments(q: State<'_, Quyche>, regulation_id: String) -> Result<Vec<CommentView>> {
    q.comments(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn add_comment(
    q: State<'_, Quyche>,
    regulation_id: String,
    unit_id: u32,
    quote: String,
    position: Option<u32>,
    text: String,
    proposal: Option<String>,
) -> Result<CommentView> {
    q.add_comment(
        &regulation_id,
        Actor::Current,
        Target::Unit(unit_id),
        &quote,
        position,
        &text,
        proposal.as_deref(),
    )
}

#[tauri::command(async)]
#[specta::specta]
fn resolve_comment(
    q: State<'_, Quyche>,
    comment_id: String,
    decision: Decision,
    reason: String,
) -> Result<CommentView> {
    q.resolve_comment(&comment_id, Actor::Current, decision, &reason)
}

#[tauri::command(async)]
#[specta::specta]
fn edit_comment(
    q: State<'_, Quyche>,
    comment_id: String,
    text: String,
    proposal: Option<String>,
) -> Result<CommentView> {
    q.edit_comment(&comment_id, Actor::Current, &text, proposal.as_deref())
}

#[tauri::command(async)]
#[specta::specta]
fn delete_comment(q: State<'_, Quyche>, comment_id: String) -> Result<String> {
    q.delete_comment(&comment_id, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn adopt_proposal(q: State<'_, Quyche>, comment_id: String) -> Result<CommentView> {
    q.adopt_proposal(&comment_id, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn record_no_comments(
    q: State<'_, Quyche>,
    regulation_id: String,
    person_id: String,
) -> Result<RoundDashboard> {
    q.record_no_comments(&regulation_id, &person_id, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn comment_redline(q: State<'_, Quyche>, comment_id: String) -> Result<CommentRedline> {
    q.comment_redline(&comment_id)
}

#[tauri::command(async)]
#[specta::specta]
fn changes_without_comment(q: State<'_, Quyche>, regulation_id: String) -> Result<Vec<String>> {
    q.changes_without_comment(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn submit(q: State<'_, Quyche>, regulation_id: String) -> Result<WorkflowView> {
    q.submit(&regulation_id, Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn return_draft(
    q: State<'_, Quyche>,
    regulation_id: String,
    reason: String,
) -> Result<WorkflowView> {
    q.return_draft(&regulation_id, Actor::Current, &reason)
}

#[tauri::command(async)]
#[specta::specta]
fn record_vote(
    q: State<'_, Quyche>,
    regulation_id: String,
    vote: VoteInput,
) -> Result<WorkflowView> {
    q.record_vote(&regulation_id, Actor::Current, vote)
}

#[tauri::command(async)]
#[specta::specta]
#[allow(clippy::too_many_arguments)]
fn approve(
    q: State<'_, Quyche>,
    regulation_id: String,
    form: ApprovalForm,
    date: String,
    members: u32,
    votes_for: u32,
    against: u32,
    abstain: u32,
    decision_no: String,
) -> Result<ApprovalView> {
    q.approve(
        &regulation_id,
        Actor::Current,
        form,
        &date,
        members,
        votes_for,
        against,
        abstain,
        &decision_no,
    )
}

#[tauri::command(async)]
#[specta::specta]
fn export_regulation(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
    format: String,
    work: u32,
) -> Result<Option<ExportView>> {
    q.export_picked(
        &regulation_id,
        Actor::Current,
        &format,
        |name| dialog::save(&app, FileKind::Export { format: &format, name }),
        Some(work),
    )
}

#[tauri::command(async)]
#[specta::specta]
fn export_promulgation(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
    format: String,
    work: u32,
) -> Result<Option<ExportView>> {
    q.promulgation_picked(
        &regulation_id,
        Actor::Current,
        &format,
        |name| dialog::save(&app, FileKind::Promulgation { format: &format, name }),
        Some(work),
    )
}

/// The redline of two revisions as Word with tracked changes (`docx`) or as a PDF (`pdf`);
/// `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
fn export_redline(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
    from_revision: u32,
    to_revision: u32,
    format: String,
    work: u32,
) -> Result<Option<String>> {
    q.redline_picked(
        &regulation_id,
        from_revision,
        to_revision,
        &format,
        |name| dialog::save(&app, FileKind::Redline { format: &format, name }),
        Some(work),
    )
}

/// The redline of a revision against the text file picked for comparison, as Word with
/// tracked changes (`docx`) or as a PDF (`pdf`); `None` when cancelled.
#[tauri::command(async)]
#[specta::specta]
fn export_redline_with_file(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
    revision: u32,
    file: u32,
    format: String,
    work: u32,
) -> Result<Option<String>> {
    q.redline_with_held_picked(
        &regulation_id,
        revision,
        file,
        &format,
        |name| dialog::save(&app, FileKind::Redline { format: &format, name }),
        Some(work),
    )
}

#[tauri::command(async)]
#[specta::specta]
fn export_report(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
    format: String,
    work: u32,
) -> Result<Option<String>> {
    q.report_picked(
        &regulation_id,
        Actor::Current,
        &format,
        |name| dialog::save(&app, FileKind::Report { format: &format, name }),
        Some(work),
    )
}

#[tauri::command(async)]
#[specta::specta]
fn verify_export(app: AppHandle, q: State<'_, Quyche>) -> Result<Option<VerificationView>> {
    q.verify_picked(dialog::pick(&app, FileKind::ExportedText)?)
}

#[tauri::command(async)]
#[specta::specta]
fn identity(q: State<'_, Quyche>) -> Result<Option<IdentityView>> {
    q.identity()
}

#[tauri::command(async)]
#[specta::specta]
fn create_identity(q: State<'_, Quyche>, name: String, position: String) -> Result<IdentityView> {
    q.create_identity(&name, &position)
}

#[tauri::command(async)]
#[specta::specta]
fn export_identity_card(app: AppHandle, q: State<'_, Quyche>) -> Result<Option<IdentityView>> {
    q.identity_card_picked(|name| dialog::save(&app, FileKind::OwnCard { name }))
}

/// Asks for an identity card and holds it: after a key-change warning the window adds
/// the same card again, confirmed (`add_person_from_card`), without asking again.
#[tauri::command(async)]
#[specta::specta]
fn pick_identity_card(app: AppHandle, q: State<'_, Quyche>) -> Result<Option<PickedFile>> {
    q.hold_picked(dialog::pick(&app, FileKind::IdentityCard)?)
}

#[tauri::command(async)]
#[specta::specta]
fn add_person_from_card(
    q: State<'_, Quyche>,
    card: u32,
    role: Role,
    confirm_key_change: bool,
) -> Result<PersonView> {
    q.add_person_from_held_card(Actor::Current, card, role, confirm_key_change)
}

#[tauri::command(async)]
#[specta::specta]
fn export_package(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
) -> Result<Option<String>> {
    q.package_picked(&regulation_id, Actor::Current, |name| {
        dialog::save(&app, FileKind::OutgoingPackage { name })
    })
}

/// The open round's text as a Word review copy for the current user, where the save
/// dialog says; `null` when the dialog was closed.
#[tauri::command(async)]
#[specta::specta]
fn export_review_copy(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
) -> Result<Option<String>> {
    q.review_copy_picked(&regulation_id, Actor::Current, |name| {
        dialog::save(&app, FileKind::ReviewCopy { name })
    })
}

/// A member's review returned in Word, picked in the open dialog, in as comments.
#[tauri::command(async)]
#[specta::specta]
fn import_word_review(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
) -> Result<Option<WordReviewImport>> {
    q.import_word_review_picked(
        &regulation_id,
        dialog::pick(&app, FileKind::WordReview)?,
        Actor::Current,
    )
}

/// A review package, first step: asks for the file, holds it and answers what opening it
/// would open and who signed it; the window asks the user to confirm the fingerprint.
#[tauri::command(async)]
#[specta::specta]
fn preview_package(app: AppHandle, q: State<'_, Quyche>) -> Result<Option<PackagePreview>> {
    q.preview_picked_package(dialog::pick(&app, FileKind::Package)?)
}

/// A review package, second step: opens the held file once the user confirmed it, with
/// the fingerprint they checked when the key was not trusted already.
#[tauri::command(async)]
#[specta::specta]
fn open_previewed_package(
    q: State<'_, Quyche>,
    handle: u32,
    trust: Option<String>,
) -> Result<String> {
    q.open_previewed_package(handle, trust)
}

#[tauri::command(async)]
#[specta::specta]
fn export_bundle(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
) -> Result<Option<u32>> {
    q.bundle_picked(&regulation_id, |name| dialog::save(&app, FileKind::OutgoingBundle { name }))
}

#[tauri::command(async)]
#[specta::specta]
fn export_bundle_again(
    app: AppHandle,
    q: State<'_, Quyche>,
    regulation_id: String,
) -> Result<Option<u32>> {
    q.bundle_again_picked(&regulation_id, |name| {
        dialog::save(&app, FileKind::OutgoingBundle { name })
    })
}

/// A bundle refused only for coming late, taken in as late ("nộp muộn") by its handle;
/// whether this person may is the domain's answer.
#[tauri::command(async)]
#[specta::specta]
fn import_held_bundle(q: State<'_, Quyche>, handle: u32) -> Result<u32> {
    q.import_held_bundle(handle, Actor::Current, true)
}

#[tauri::command(async)]
#[specta::specta]
fn import_bundles(
    app: AppHandle,
    q: State<'_, Quyche>,
    work: u32,
) -> Result<Option<Vec<BundleImportView>>> {
    q.import_picked_bundles(dialog::pick_many(&app, FileKind::Bundles)?, Actor::Current, work)
}

/// How far the window's long work `work` has come (null: not running).
#[tauri::command(async)]
#[specta::specta]
fn work_progress(q: State<'_, Quyche>, work: u32) -> Result<Option<WorkProgress>> {
    q.work_progress(work)
}

/// Asks the window's long work `work` to stop before its next item.
#[tauri::command(async)]
#[specta::specta]
fn cancel_work(q: State<'_, Quyche>, work: u32) -> Result<bool> {
    q.cancel_work(work)
}

#[tauri::command(async)]
#[specta::specta]
fn round_dashboard(q: State<'_, Quyche>, regulation_id: String) -> Result<RoundDashboard> {
    q.round_dashboard(&regulation_id)
}

/// The source texts (tài liệu nguồn) to draft from, newest first.
#[tauri::command(async)]
#[specta::specta]
fn sources(q: State<'_, Quyche>) -> Result<Vec<quyche_api::SourceSummary>> {
    q.sources()
}

/// One source text with its articles.
#[tauri::command(async)]
#[specta::specta]
fn source(q: State<'_, Quyche>, source_id: String) -> Result<quyche_api::SourceView> {
    q.source(&source_id)
}

/// Asks for a .txt file and keeps it as a source text; null when cancelled.
#[tauri::command(async)]
#[specta::specta]
fn import_source(
    app: AppHandle,
    q: State<'_, Quyche>,
) -> Result<Option<quyche_api::SourceImportView>> {
    q.import_source_picked(dialog::pick(&app, FileKind::Regulation)?, Actor::Current)
}

/// Takes an article of a source text into the draft, after or before one of its articles.
#[tauri::command(async)]
#[specta::specta]
fn take_article(
    q: State<'_, Quyche>,
    regulation_id: String,
    base_revision: u32,
    source_id: String,
    source_article_id: u32,
    after: Option<u32>,
    before: Option<u32>,
) -> Result<quyche_api::TakeView> {
    q.take_article_at(
        &regulation_id,
        base_revision,
        &source_id,
        source_article_id,
        after,
        before,
        Actor::Current,
    )
}

/// The articles of the regulation taken from a source text.
#[tauri::command(async)]
#[specta::specta]
fn taken_articles(
    q: State<'_, Quyche>,
    regulation_id: String,
    revision: Option<u32>,
) -> Result<Vec<quyche_api::TakenArticleView>> {
    q.taken_articles(&regulation_id, revision)
}

/// A taken article against its source article: what was adapted.
#[tauri::command(async)]
#[specta::specta]
fn compare_with_source(
    q: State<'_, Quyche>,
    regulation_id: String,
    article_id: u32,
) -> Result<quyche_api::CompareSourceView> {
    q.compare_with_source(&regulation_id, article_id)
}

#[tauri::command(async)]
#[specta::specta]
fn regulation_templates(q: State<'_, Quyche>) -> Result<Vec<quyche_api::TemplateOption>> {
    q.regulation_templates()
}

#[tauri::command(async)]
#[specta::specta]
fn new_regulation(
    q: State<'_, Quyche>,
    template: quyche_api::RegulationTemplate,
    title: Option<String>,
) -> Result<String> {
    q.new_regulation(template, title.as_deref(), Actor::Current)
}

#[tauri::command(async)]
#[specta::specta]
fn regulation_header(
    q: State<'_, Quyche>,
    regulation_id: String,
) -> Result<quyche_api::HeaderFields> {
    q.header(&regulation_id)
}

#[tauri::command(async)]
#[specta::specta]
fn save_header(
    q: State<'_, Quyche>,
    regulation_id: String,
    base_revision: u32,
    fields: quyche_api::HeaderFields,
) -> Result<RevisionInfo> {
    q.save_header(&regulation_id, base_revision, &fields, Actor::Current)
}

/// The typed command set; also what generates `ui/src/lib/ipc/bindings.ts`.
pub fn specta_builder() -> tauri_specta::Builder<tauri::Wry> {
    tauri_specta::Builder::<tauri::Wry>::new().commands(tauri_specta::collect_commands![
        list_regulations,
        open_regulation,
        history,
        audit_log,
        save_article,
        article_for_editing,
        save_article_runs,
        reference_targets,
        links_in,
        pasted_text,
        regulation_templates,
        new_regulation,
        regulation_header,
        save_header,
        edit_structure,
        restore_revision,
        import_file,
        import_revision,
        redline,
        pick_compared_text,
        redline_with_file,
        export_redline,
        export_redline_with_file,
        search,
        people,
        add_person,
        current_user,
        set_current_user,
        first_start,
        start_here,
        remove_sample,
        workflow,
        open_round,
        close_round,
        comments,
        add_comment,
        resolve_comment,
        edit_comment,
        delete_comment,
        adopt_proposal,
        record_no_comments,
        comment_redline,
        changes_without_comment,
        submit,
        return_draft,
        approve,
        record_vote,
        export_regulation,
        export_promulgation,
        export_report,
        verify_export,
        identity,
        create_identity,
        export_identity_card,
        pick_identity_card,
        add_person_from_card,
        export_package,
        preview_package,
        open_previewed_package,
        export_bundle,
        export_bundle_again,
        import_held_bundle,
        import_bundles,
        export_review_copy,
        import_word_review,
        work_progress,
        cancel_work,
        round_dashboard,
        sources,
        source,
        import_source,
        take_article,
        taken_articles,
        compare_with_source,
    ])
}

/// The generated TypeScript bindings, as committed in the UI.
pub fn typescript_bindings() -> std::result::Result<String, String> {
    // One folder per call: two tests of one process generate at once, and one removing
    // a shared folder made the other fail (seen in a fresh-clone run).
    static CALLS: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
    let call = CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("quyche-bindings-{}-{call}", std::process::id()));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let file = dir.join("bindings.ts");
    specta_builder()
        .export(specta_typescript::Typescript::default(), &file)
        .map_err(|e| e.to_string())?;
    let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(text)
}

/// The data folder: `QUYCHE_DATA_DIR` when set (tests run several apps side by side),
/// else the OS app-data folder.
fn data_dir(app: &tauri::App) -> std::result::Result<PathBuf, String> {
    if let Some(d) = std::env::var_os("QUYCHE_DATA_DIR") {
        return Ok(PathBuf::from(d));
    }
    app.path().app_data_dir().map_err(|e| e.to_string())
}

pub fn run() {
    let builder = specta_builder();
    tauri::Builder::default()
        // A second start focuses the running window instead of failing on the db lock.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_dialog::init())
        .invoke_handler(builder.invoke_handler())
        .setup(move |app| {
            builder.mount_events(app);
            let dir = quyche_api::db_dir(&data_dir(app)?);
            // A damaged database asks the user (startup.rs); the daily backups start there.
            startup::open_database(app, &dir)?;
            Ok(())
        })
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("Quyche không khởi động được: {e}");
            std::process::exit(1);
        });
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    fn read(path: &str) -> String {
        let full = format!("{}/{path}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
    }

    /// The quoted strings of the lines that are only a quoted string and a comma.
    fn quoted_lines(text: &str) -> Vec<String> {
        text.lines()
            .map(str::trim)
            .filter_map(|l| l.strip_prefix('"')?.strip_suffix("\",").map(str::to_string))
            .collect()
    }

    /// Every command registered in `specta_builder()` is in the AppManifest (build.rs),
    /// the main window's permission set grants each, the capability grants that set, and
    /// nothing else is listed or granted.
    #[test]
    fn the_command_manifest_is_the_registered_commands() {
        let bindings = super::typescript_bindings().expect("bindings generate");
        let registered: BTreeSet<String> = bindings
            .split("__TAURI_INVOKE(\"")
            .skip(1)
            .map(|rest| rest[..rest.find('"').expect("a command name ends")].to_string())
            .collect();
        assert!(registered.len() > 10, "found only {} commands", registered.len());

        let build = read("src-tauri/build.rs");
        let list = &build[build.find("const COMMANDS").expect("COMMANDS in build.rs")..];
        let list = &list[..list.find("];").expect("COMMANDS ends")];
        let manifest: Vec<String> = quoted_lines(list);
        let in_manifest: BTreeSet<String> = manifest.iter().cloned().collect();
        assert_eq!(manifest.len(), in_manifest.len(), "a command twice in build.rs");
        assert_eq!(in_manifest, registered, "build.rs COMMANDS vs specta_builder()");

        let set = read("src-tauri/permissions/main-window.toml");
        assert!(set.contains("identifier = \"main-window\""), "the set's identifier");
        let granted: BTreeSet<String> = quoted_lines(&set).into_iter().collect();
        let wanted: BTreeSet<String> =
            registered.iter().map(|c| format!("allow-{}", c.replace('_', "-"))).collect();
        assert_eq!(granted, wanted, "src-tauri/permissions/main-window.toml");

        let capability: serde_json::Value =
            serde_json::from_str(&read("src-tauri/capabilities/main.json")).expect("JSON");
        assert_eq!(capability["windows"], serde_json::json!(["main"]));
        // Tauri's core defaults and the set: no plugin permission (the dialogs open from
        // Rust, which needs none), no single command granted outside the set.
        assert_eq!(capability["permissions"], serde_json::json!(["core:default", "main-window"]));
    }

    /// The committed bindings must be what the Rust types generate today.
    #[test]
    fn committed_bindings_are_fresh() {
        let generated = super::typescript_bindings().expect("bindings generate");
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/lib/ipc/bindings.ts");
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        if generated != committed {
            if std::env::var_os("QUYCHE_BLESS").is_some() {
                std::fs::write(path, &generated).expect("write bindings");
                return;
            }
            panic!(
                "ui/src/lib/ipc/bindings.ts is stale: run `QUYCHE_BLESS=1 cargo test -p quyche-app committed_bindings_are_fresh`, then `node ui/scripts/gen-types.mjs`, and commit both"
            );
        }
    }
}
