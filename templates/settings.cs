<?cs def:content() ?>
<section class="card wide">
  <h1>Store settings</h1>
<?cs if:Notice.Saved ?>
  <p class="notice" role="status">The settings were saved.</p>
<?cs /if ?>
  <div class="actions">
    <a href="/stores">All your stores</a>
  </div>
  <dl class="facts">
    <dt>Code</dt>
    <dd><?cs var:Store.Code ?></dd>
    <dt>Currency</dt>
    <dd><?cs var:Store.Currency ?></dd>
  </dl>
  <p class="hint">The code and the currency cannot be changed: the money in the store's accounts is kept in its currency.</p>
  <form method="post" action="/settings" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <label for="name">Name</label>
    <input id="name" name="name" type="text" maxlength="200" required value="<?cs var:Form.name ?>"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error"<?cs /if ?>>
<?cs if:Errors.name ?>
    <p class="field-error" id="name-error"><?cs var:Errors.name ?></p>
<?cs /if ?>
    <label for="timezone">Time zone <span class="hint">(such as Europe/Berlin)</span></label>
    <input id="timezone" name="timezone" type="text" maxlength="64" autocomplete="off" required value="<?cs var:Form.timezone ?>"<?cs if:Errors.timezone ?> aria-invalid="true" aria-describedby="timezone-error"<?cs /if ?>>
<?cs if:Errors.timezone ?>
    <p class="field-error" id="timezone-error"><?cs var:Errors.timezone ?></p>
<?cs /if ?>
    <fieldset class="group">
      <legend>Business bank account</legend>
      <p class="hint">The store can take bank transfers only once the account holder and the IBAN are filled in.</p>
      <label for="bank_account_holder">Account holder</label>
      <input id="bank_account_holder" name="bank_account_holder" type="text" maxlength="200" value="<?cs var:Form.bank_account_holder ?>"<?cs if:Errors.bank_account_holder ?> aria-invalid="true" aria-describedby="bank_account_holder-error"<?cs /if ?>>
<?cs if:Errors.bank_account_holder ?>
      <p class="field-error" id="bank_account_holder-error"><?cs var:Errors.bank_account_holder ?></p>
<?cs /if ?>
      <label for="bank_iban">IBAN <span class="hint">(spaces are fine)</span></label>
      <input id="bank_iban" name="bank_iban" type="text" maxlength="64" autocomplete="off" spellcheck="false" value="<?cs var:Form.bank_iban ?>"<?cs if:Errors.bank_iban ?> aria-invalid="true" aria-describedby="bank_iban-error"<?cs /if ?>>
<?cs if:Errors.bank_iban ?>
      <p class="field-error" id="bank_iban-error"><?cs var:Errors.bank_iban ?></p>
<?cs /if ?>
      <label for="bank_bic">BIC <span class="hint">(8 or 11 letters and digits)</span></label>
      <input id="bank_bic" name="bank_bic" type="text" maxlength="16" autocomplete="off" spellcheck="false" value="<?cs var:Form.bank_bic ?>"<?cs if:Errors.bank_bic ?> aria-invalid="true" aria-describedby="bank_bic-error"<?cs /if ?>>
<?cs if:Errors.bank_bic ?>
      <p class="field-error" id="bank_bic-error"><?cs var:Errors.bank_bic ?></p>
<?cs /if ?>
      <label for="bank_name">Bank name</label>
      <input id="bank_name" name="bank_name" type="text" maxlength="200" value="<?cs var:Form.bank_name ?>"<?cs if:Errors.bank_name ?> aria-invalid="true" aria-describedby="bank_name-error"<?cs /if ?>>
<?cs if:Errors.bank_name ?>
      <p class="field-error" id="bank_name-error"><?cs var:Errors.bank_name ?></p>
<?cs /if ?>
    </fieldset>
    <fieldset class="group"<?cs if:Errors.pay ?> aria-describedby="pay-error"<?cs /if ?>>
      <legend>Payment methods</legend>
      <p class="hint">How customers may pay money onto their accounts in this store.</p>
<?cs each:p = Pay ?>
      <label class="check"><input type="checkbox" name="<?cs var:p.Key ?>" value="1"<?cs if:p.Checked ?> checked<?cs /if ?><?cs if:Errors[p.Key] ?> aria-invalid="true" aria-describedby="<?cs var:p.Key ?>-error"<?cs /if ?>> <?cs var:p.Label ?></label>
<?cs if:Errors[p.Key] ?>
      <p class="field-error" id="<?cs var:p.Key ?>-error"><?cs var:Errors[p.Key] ?></p>
<?cs /if ?>
<?cs /each ?>
<?cs if:Errors.pay ?>
      <p class="field-error" id="pay-error"><?cs var:Errors.pay ?></p>
<?cs /if ?>
    </fieldset>
    <fieldset class="group">
      <legend>Statements and auto-hold</legend>
      <label for="statement_terms_days">Payment terms <span class="hint">(days after the statement date)</span></label>
      <input id="statement_terms_days" name="statement_terms_days" type="text" inputmode="numeric" maxlength="5" required value="<?cs var:Form.statement_terms_days ?>"<?cs if:Errors.statement_terms_days ?> aria-invalid="true" aria-describedby="statement_terms_days-error"<?cs /if ?>>
<?cs if:Errors.statement_terms_days ?>
      <p class="field-error" id="statement_terms_days-error"><?cs var:Errors.statement_terms_days ?></p>
<?cs /if ?>
      <p class="hint">An account on hold can take no sales or payouts. A hold put by these rules lifts when a payment clears what is overdue; a hold staff put stays until staff lift it. 0 turns a rule off.</p>
      <label for="auto_hold_overdue_days">Put an account on hold when something is overdue more than this many days</label>
      <input id="auto_hold_overdue_days" name="auto_hold_overdue_days" type="text" inputmode="numeric" maxlength="5" value="<?cs var:Form.auto_hold_overdue_days ?>"<?cs if:Errors.auto_hold_overdue_days ?> aria-invalid="true" aria-describedby="auto_hold_overdue_days-error"<?cs /if ?>>
<?cs if:Errors.auto_hold_overdue_days ?>
      <p class="field-error" id="auto_hold_overdue_days-error"><?cs var:Errors.auto_hold_overdue_days ?></p>
<?cs /if ?>
      <label for="auto_hold_overdue_amount">… or when the overdue amount exceeds <span class="hint">(in <?cs var:Store.Currency ?>)</span></label>
      <input id="auto_hold_overdue_amount" name="auto_hold_overdue_amount" type="text" inputmode="decimal" maxlength="32" autocomplete="off" value="<?cs var:Form.auto_hold_overdue_amount ?>"<?cs if:Errors.auto_hold_overdue_amount ?> aria-invalid="true" aria-describedby="auto_hold_overdue_amount-error"<?cs /if ?>>
<?cs if:Errors.auto_hold_overdue_amount ?>
      <p class="field-error" id="auto_hold_overdue_amount-error"><?cs var:Errors.auto_hold_overdue_amount ?></p>
<?cs /if ?>
    </fieldset>
<?cs include:"approval.cs" ?>
    <button type="submit">Save settings</button>
  </form>
</section>
<?cs /def ?>
