<?cs def:content() ?>
<section class="card wide">
  <h1>New store</h1>
  <p class="lead">You become the new store's administrator. Its user groups start as Administrator, Manager and Clerk.</p>
  <form method="post" action="/stores" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <label for="code">Code <span class="hint">(up to 16 of A-Z, 0-9, - and _; it cannot be changed later)</span></label>
    <input id="code" name="code" type="text" maxlength="16" autocomplete="off" required value="<?cs var:Form.code ?>"<?cs if:Errors.code ?> aria-invalid="true" aria-describedby="code-error"<?cs /if ?>>
<?cs if:Errors.code ?>
    <p class="field-error" id="code-error"><?cs var:Errors.code ?></p>
<?cs /if ?>
    <label for="name">Name</label>
    <input id="name" name="name" type="text" maxlength="200" required value="<?cs var:Form.name ?>"<?cs if:Errors.name ?> aria-invalid="true" aria-describedby="name-error"<?cs /if ?>>
<?cs if:Errors.name ?>
    <p class="field-error" id="name-error"><?cs var:Errors.name ?></p>
<?cs /if ?>
    <label for="currency">Currency <span class="hint">(amounts are kept in its smallest unit; it cannot be changed later)</span></label>
    <select id="currency" name="currency"<?cs if:Errors.currency ?> aria-invalid="true" aria-describedby="currency-error"<?cs /if ?>>
<?cs each:c = Currencies ?>
      <option value="<?cs var:c.Code ?>"<?cs if:c.Code == Form.currency ?> selected<?cs /if ?>><?cs var:c.Code ?></option>
<?cs /each ?>
    </select>
<?cs if:Errors.currency ?>
    <p class="field-error" id="currency-error"><?cs var:Errors.currency ?></p>
<?cs /if ?>
    <label for="timezone">Time zone <span class="hint">(such as Europe/Berlin)</span></label>
    <input id="timezone" name="timezone" type="text" maxlength="64" autocomplete="off" required value="<?cs var:Form.timezone ?>"<?cs if:Errors.timezone ?> aria-invalid="true" aria-describedby="timezone-error"<?cs /if ?>>
<?cs if:Errors.timezone ?>
    <p class="field-error" id="timezone-error"><?cs var:Errors.timezone ?></p>
<?cs /if ?>
<?cs include:"approval.cs" ?>
    <div class="form-actions">
      <button type="submit">Create store</button>
      <a href="/stores">Cancel</a>
    </div>
  </form>
</section>
<?cs /def ?>
