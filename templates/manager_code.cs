<?cs def:content() ?>
<section class="card narrow">
  <h1>Manager code</h1>
<?cs if:Page.Notice ?>
  <p class="notice" role="status"><?cs var:Page.Notice ?></p>
<?cs /if ?>
  <p>A manager code is 4 to 8 digits. With it you approve, at a colleague's screen, an action their user group allows only with a manager's code, when your own group allows that action.</p>
  <p><?cs if:Form.HasCode ?>You have set a manager code.<?cs else ?>You have not set a manager code.<?cs /if ?></p>
  <form method="post" action="/profile/manager-code" novalidate>
    <input type="hidden" name="csrf" value="<?cs var:Session.Csrf ?>">
    <label for="current_password">Current password</label>
    <input id="current_password" name="current_password" type="password" autocomplete="current-password" required<?cs if:Errors.current_password ?> aria-invalid="true" aria-describedby="current_password-error"<?cs /if ?>>
<?cs if:Errors.current_password ?>
    <p class="field-error" id="current_password-error"><?cs var:Errors.current_password ?></p>
<?cs /if ?>
    <label for="manager_code">New manager code <span class="hint">(4 to 8 digits)</span></label>
    <input id="manager_code" name="manager_code" type="password" inputmode="numeric" autocomplete="off" maxlength="8"<?cs if:Errors.manager_code ?> aria-invalid="true" aria-describedby="manager_code-error"<?cs /if ?>>
<?cs if:Errors.manager_code ?>
    <p class="field-error" id="manager_code-error"><?cs var:Errors.manager_code ?></p>
<?cs /if ?>
    <label for="confirm_code">New manager code again</label>
    <input id="confirm_code" name="confirm_code" type="password" inputmode="numeric" autocomplete="off" maxlength="8"<?cs if:Errors.confirm_code ?> aria-invalid="true" aria-describedby="confirm_code-error"<?cs /if ?>>
<?cs if:Errors.confirm_code ?>
    <p class="field-error" id="confirm_code-error"><?cs var:Errors.confirm_code ?></p>
<?cs /if ?>
    <button type="submit" name="do" value="set"><?cs if:Form.HasCode ?>Change code<?cs else ?>Set code<?cs /if ?></button>
<?cs if:Form.HasCode ?>
    <button type="submit" name="do" value="remove" class="secondary">Remove my code</button>
<?cs /if ?>
  </form>
  <p><a href="/profile/password">Change your password</a></p>
</section>
<?cs /def ?>
