<?cs def:acct_error(name) ?><?cs if:Errors[name] ?>
  <p class="field-error" id="<?cs var:name ?>-error"><?cs var:Errors[name] ?></p>
<?cs /if ?><?cs /def ?>
<?cs def:acct_text(name, label, hint, type) ?>
  <label for="<?cs var:name ?>"><?cs var:label ?><?cs if:hint ?> <span class="hint"><?cs var:hint ?></span><?cs /if ?></label>
  <input id="<?cs var:name ?>" name="<?cs var:name ?>" type="<?cs var:type ?>" value="<?cs var:Form[name] ?>"<?cs if:Errors[name] ?> aria-invalid="true" aria-describedby="<?cs var:name ?>-error"<?cs /if ?>>
<?cs call:acct_error(name) ?>
<?cs /def ?>
<?cs def:acct_check(name, label) ?>
  <label class="check"><input type="checkbox" name="<?cs var:name ?>" value="1"<?cs if:Form[name] == "1" ?> checked<?cs /if ?>> <?cs var:label ?></label>
<?cs /def ?>
<?cs def:acct_fields() ?>
  <fieldset class="group">
    <legend>Credit</legend>
<?cs if:Form.IsNew ?>
<?cs call:acct_text("opening", "Opening balance", "(carried forward; negative when the customer already owes, e.g. -120.00)", "text") ?>
<?cs /if ?>
<?cs call:acct_text("credit_limit", "Credit limit", "(how much the customer may owe; 0 for none)", "text") ?>
    <p class="hint">Amounts in <?cs var:Form.Currency ?>, such as 1,234.50 or <?cs var:Form.Symbol ?>12.</p>
<?cs call:acct_check("pay_later", "Pay later: the balance may go below zero, up to the credit limit") ?>
<?cs call:acct_check("restrict_credit", "Restrict credit: stop at the limit (otherwise allow and flag)") ?>
  </fieldset>
  <fieldset class="group">
    <legend>Status and hold</legend>
    <label for="status">Status</label>
    <select id="status" name="status"<?cs if:Errors.status ?> aria-invalid="true" aria-describedby="status-error"<?cs /if ?>>
      <option value="active"<?cs if:Form.status != "inactive" ?> selected<?cs /if ?>>Active</option>
      <option value="inactive"<?cs if:Form.status == "inactive" ?> selected<?cs /if ?>>Inactive</option>
    </select>
<?cs call:acct_error("status") ?>
<?cs call:acct_check("on_hold", "On hold: no account payments while it is set") ?>
<?cs call:acct_text("hold_reason", "Reason for the hold", "(required when on hold)", "text") ?>
  </fieldset>
  <fieldset class="group">
    <legend>Statements</legend>
<?cs call:acct_text("frequency", "Settlement frequency", "(e.g. every 1 month on day 1, every 3 weeks on first monday, every 10 days; empty for none)", "text") ?>
<?cs call:acct_text("frequency_start", "Starting", "(YYYY-MM-DD; today when empty)", "text") ?>
<?cs if:Preview.Rule ?>
    <div class="preview" role="status">
      <p><?cs var:Preview.Rule ?>, from <?cs var:Preview.Start ?>. The next statement dates:</p>
      <ol class="dates">
<?cs each:d = Preview.Dates ?>
        <li><time datetime="<?cs var:d.Date ?>"><?cs var:d.Date ?></time></li>
<?cs /each ?>
      </ol>
    </div>
<?cs /if ?>
<?cs call:acct_text("statement_email", "Statement email", "(optional)", "email") ?>
  </fieldset>
<?cs /def ?>
