<?cs def:content() ?>
<p><a href="/accounts/<?cs var:Account.Number ?>">Back to the account</a></p>
<h1>Adjust account <?cs var:Account.Number ?></h1>
<p class="lead"><?cs var:Account.CustomerCode ?> <?cs var:Account.CustomerName ?> · <?cs var:Account.Balance ?></p>
<p class="hint">An adjustment corrects the balance. It is posted as a new entry with its reason; nothing already posted changes.</p>
<form method="post" action="/accounts/<?cs var:Account.Number ?>/adjust" class="wide" novalidate>
  <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
<?cs include:"posting_form.cs" ?>
  <fieldset class="group"<?cs if:Errors.direction ?> aria-describedby="direction-error"<?cs /if ?>>
    <legend>Direction</legend>
    <label class="check"><input type="radio" name="direction" value="credit"<?cs if:Form.direction == "credit" ?> checked<?cs /if ?>> Credit the customer <span class="hint">(they owe less, or have more credit)</span></label>
    <label class="check"><input type="radio" name="direction" value="charge"<?cs if:Form.direction == "charge" ?> checked<?cs /if ?>> Charge the customer <span class="hint">(they owe more, or have less credit)</span></label>
<?cs if:Errors.direction ?>
    <p class="field-error" id="direction-error"><?cs var:Errors.direction ?></p>
<?cs /if ?>
  </fieldset>
  <label for="amount">Amount <span class="hint">(in <?cs var:Currency.Symbol ?>, more than zero)</span></label>
  <input id="amount" name="amount" type="text" inputmode="decimal" autocomplete="off" value="<?cs var:Form.amount ?>" required<?cs if:Errors.amount ?> aria-invalid="true" aria-describedby="amount-error"<?cs /if ?>>
<?cs if:Errors.amount ?>
  <p class="field-error" id="amount-error"><?cs var:Errors.amount ?></p>
<?cs /if ?>
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
    <button type="submit">Post adjustment</button>
  </div>
</form>
<?cs /def ?>
