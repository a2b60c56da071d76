-- Record one application. The status trigger writes its history; a status other than
-- 'applied' is dated by hirewire.effective_at, set earlier in the same transaction.
insert into hirewire.interview_processes (
    candidate_id, position_id, source_code, status_code, applied_on,
    contact_name, contact_email, notes
)
values (
    :candidate_id,
    :position_id,
    :source_code,
    :status_code,
    :applied_on,
    :contact_name,
    :contact_email,
    :notes
)
returning id
