<?cs def:content() ?>
<p><a href="/accounts/<?cs var:Account.Number ?>">Back to the account</a></p>
<h1>Reverse entry <?cs var:Entry.Number ?></h1>
<p class="lead"><?cs var:Account.Number ?> · <?cs var:Account.CustomerCode ?> <?cs var:Account.CustomerName ?> · <?cs var:Account.Balance ?></p>
<dl class="facts">
  <dt>Entry</dt><dd><?cs var:Entry.Number ?></dd>
  <dt>Kind</dt><dd><?cs var:Entry.Kind ?></dd>
  <dt>Time</dt><dd><?cs var:Entry.Time ?></dd>
  <dt><?cs if:Entry.Charge ?>Charge<?cs else ?>Credit<?cs /if ?></dt><dd><?cs var:Entry.Amount ?></dd>
<?cs if:Entry.Reference ?>
  <dt>Reference</dt><dd><?cs var:Entry.Reference ?></dd>
<?cs /if ?>
<?cs if:Entry.Note ?>
  <dt>Note</dt><dd class="notes"><?cs var:Entry.Note ?></dd>
<?cs /if ?>
</dl>
<?cs if:Entry.Blocked ?>
<p class="error" role="alert"><?cs var:Entry.Blocked ?></p>
<?cs else ?>
<p class="hint">The reversal is a new entry of the opposite amount that links to this one: it <?cs if:Entry.Charge ?>credits the customer <?cs var:Entry.Amount ?>, applied to this charge first<?cs else ?>charges the customer <?cs var:Entry.Amount ?><?cs /if ?>. An entry can be reversed once.</p>
<form method="post" action="<?cs var:Form.Action ?>" class="wide" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs include:"posting_form.cs" ?>
  <label for="note">Reason <span class="hint">(required, up to 500 characters)</span></label>
  <input id="note" name="note" type="text" maxlength="500" value="<?cs var:Form.note ?>" required<?cs if:Errors.note ?> aria-invalid="true" aria-describedby="note-error"<?cs /if ?>>
<?cs if:Errors.note ?>
  <p class="field-error" id="note-error"><?cs var:Errors.note ?></p>
<?cs /if ?>
  <label for="reference">Reference <span class="hint">(optional)</span></label>
  <input id="reference" name="reference" type="text" maxlength="64" value="<?cs var:Form.reference ?>"<?cs if:Errors.reference ?> aria-invalid="true" aria-describedby="reference-error"<?cs /if ?>>
<?cs if:Errors.reference ?>
  <p class="field-error" id="reference-error"><?cs var:Errors.reference ?></p>
<?cs /if ?>
<?cs include:"approval.cs" ?>
  <div class="form-actions">
    <button type="submit" class="danger">Reverse <?cs var:Entry.Number ?></button>
  </div>
</form>
<?cs /if ?>
<?cs /def ?>
